import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../local/stack';

const DIST = join(import.meta.dirname, '../widget/dist');
const KIB = 1024;

/** The run's build (test/setup/browser.ts builds it from current source); built here if missing. */
function bundle(name: string): string {
  if (!existsSync(join(DIST, name))) buildBundle('widget/vite.config.ts');
  return readFileSync(join(DIST, name), 'utf8');
}
const gzipped = (code: string) => gzipSync(code, { level: 9 }).length;

describe('widget bundle budget', () => {
  const launcher = bundle('parley.js');
  // The panel (with the flow interpreter, bot targeting and triggers) is built once per locale; a visitor loads one of them.
  const LOCALES = ['en', 'fi', 'sv', 'de', 'fr', 'es', 'ar'];
  const chats = LOCALES.map((l) => bundle(l === 'en' ? 'parley-chat.js' : `parley-chat.${l}.js`));
  // Loaded once a conversation exists, beside the panel.
  const live = bundle('parley-live.js');

  it('parley.js, the first load on every page (launcher, tracker, outbox), stays under 4 KiB gzipped', () => {
    expect(gzipped(launcher)).toBeLessThanOrEqual(4 * KIB);
  });

  it('the whole chat in each language (panel, flow interpreter, delivery of its messages, that locale) stays under 10 KiB gzipped', () => {
    for (const [i, chat] of chats.entries()) expect(gzipped(chat), LOCALES[i]).toBeLessThanOrEqual(10 * KIB);
  });

  it('the launcher holds no flow interpreter, targeting or panel texts: they load with the panel', () => {
    for (const marker of ['handover', 'utm_', 'Forget me']) {
      expect(launcher).not.toContain(marker);
      expect(chats[0]).toContain(marker);
    }
  });

  it('parley-live.js, the live chat connection, stays under 2 KiB gzipped and holds neither Preact nor the panel', () => {
    expect(gzipped(live)).toBeLessThanOrEqual(2 * KIB);
    expect(live).toContain('/v1/live?token=');
    expect(live).not.toContain('Forget me');
    expect(live).not.toContain('__k');
  });

  it('shortens the names of what the bundles pass each other, alike in every bundle (one name cache)', () => {
    for (const code of [launcher, ...chats, live]) for (const name of ['store', 'state', 'notify', 'subscribe', 'net']) expect(code).not.toContain(`.${name}`);
  });

  it("each language's panel holds only its own texts", () => {
    const [en, fi, sv, de, fr, es, ar] = chats;
    const own = { en: 'Forget me', fi: 'Unohda minut', sv: 'Glöm mig', de: 'Daten löschen', fr: 'Oubliez-moi', es: 'Olvídame', ar: 'انسني' };
    for (const [i, chat] of [en, fi, sv, de, fr, es, ar].entries()) {
      for (const [locale, word] of Object.entries(own)) expect(chat?.includes(word), `${LOCALES[i]} holds ${locale}`).toBe(locale === LOCALES[i]);
    }
  });

  it('needs no eval and sets no global of its own (strict CSP, host-page safety)', () => {
    for (const code of [launcher, ...chats, live]) {
      expect(code).not.toMatch(/\beval\(|new Function\(/);
      // (After the line that has Chrome compile it all off the main thread.)
      expect(code.startsWith('//# allFunctionsCalledOnLoad\n(function(){')).toBe(true);
    }
  });
});
