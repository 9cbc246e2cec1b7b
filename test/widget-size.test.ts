import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../functions/local/stack';

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
  const chat = bundle('parley-chat.js');

  it('parley.js, the first load (launcher, tracker, outbox), stays under 6 KiB gzipped', () => {
    expect(gzipped(launcher)).toBeLessThanOrEqual(6 * KIB);
  });

  it('everything, Preact and the lazily loaded chat panel included, stays under 15 KiB gzipped', () => {
    expect(gzipped(launcher) + gzipped(chat)).toBeLessThanOrEqual(15 * KIB);
  });

  it('needs no eval and sets no global of its own (strict CSP, host-page safety)', () => {
    for (const code of [launcher, chat]) {
      expect(code).not.toMatch(/\beval\(|new Function\(/);
      expect(code.startsWith('(function(){')).toBe(true);
    }
  });
});
