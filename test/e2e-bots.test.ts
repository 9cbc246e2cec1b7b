import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../local/stack';
import type { BotDraftInput } from '../shared/schemas/bots';
import { call, newTenant } from './support/api';
import { connectBrowser, newContext, startProduct } from './support/browser';

let browser: Browser;
let stack: Stack;
let tenant: Awaited<ReturnType<typeof newTenant>>;
const bots: Record<string, string> = {};
beforeAll(async () => {
  [browser, stack, tenant] = await Promise.all([connectBrowser(), startProduct(), newTenant({ name: 'Shop' })]);
  for (const [name, draft] of Object.entries(DRAFTS)) {
    const auth = { authorization: `Bearer ${tenant.apiKey}` };
    const created = await call(stack.url, '/v1/bots', { method: 'POST', body: draft, headers: auth });
    bots[name] = String(created.json.botId);
    expect((await call(stack.url, `/v1/bots/${bots[name]}/publish`, { method: 'POST', headers: auth })).status).toBe(200);
  }
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const end = { id: 'end', type: 'end', text: { en: 'Thanks, talk soon!', fi: 'Kiitos, palataan pian!', ar: 'شكرًا!' } } as const;
const DRAFTS: Record<string, BotDraftInput> = {
  pricing: {
    name: 'Pricing',
    priority: 5,
    targeting: { urls: [{ match: 'exact', value: '/pricing' }], utm: {}, languages: [], visitors: 'all' },
    trigger: { afterSeconds: 10, scrollPercent: 50, exitIntent: false, combine: 'any', frequency: 'session' },
    flow: {
      start: 'hi',
      consentText: { en: 'May we email you product news?', fi: 'Saammeko lähettää uutisia?', ar: 'هل نرسل لك الأخبار؟' },
      nodes: [
        { id: 'hi', type: 'message', text: { en: 'Questions about pricing?', fi: 'Kysyttävää hinnoista?', ar: 'أسئلة عن الأسعار؟' }, next: 'ad' },
        {
          id: 'ad',
          type: 'condition',
          rules: [{ when: { on: 'utm', key: 'source', value: 'ads' }, next: 'promo' }],
          else: 'size',
        },
        { id: 'promo', type: 'message', text: { en: 'Your ad code gives 20 % off.' }, next: 'size' },
        {
          id: 'size',
          type: 'choice',
          text: { en: 'How big is your team?', fi: 'Kuinka suuri tiiminne on?', ar: 'ما حجم فريقك؟' },
          options: [
            { id: 'small', label: { en: '1–10', fi: '1–10', ar: '١–١٠' }, next: 'end' },
            { id: 'large', label: { en: '50 or more', fi: '50 tai enemmän', ar: '٥٠ أو أكثر' }, next: 'hot', score: 40 },
          ],
        },
        { id: 'hot', type: 'score', points: 20, next: 'mail' },
        { id: 'mail', type: 'ask', text: { en: 'Which email should sales use?' }, field: 'email', required: true, next: 'end' },
        end,
      ],
    },
  },
  demo: {
    name: 'Book a demo (started from the page)',
    flow: {
      start: 'hi',
      consentText: { en: 'News?' },
      nodes: [{ id: 'hi', type: 'message', text: { en: 'Let us book your demo.' }, next: 'end' }, end],
    },
  },
};

/** A page of the customer's site, long enough to scroll, with the script tag. */
function page(context: BrowserContext, options: { lang?: string; htmlLang?: string } = {}) {
  const tag = `<script async src="${stack.url}/parley.js" data-site="${tenant.siteKey}" data-api="${stack.url}"${options.lang ? ` data-lang="${options.lang}"` : ''}></script>`;
  // The shop's pages, served on the product's own origin (`/` is otherwise the demo page).
  return context.route(
    (url) => url.origin === new URL(stack.url).origin && (url.pathname === '/' || url.pathname === '/pricing'),
    (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="${options.htmlLang ?? 'en'}"><head><title>Shop</title></head><body><main style="height:4000px"><h1>Shop</h1></main>${tag}</body></html>`,
      }),
  );
}

const widget = (p: Page) => p.locator('[data-parley]');
const dialog = (p: Page) => widget(p).getByRole('dialog');
const panelLoaded = (p: Page) => p.waitForFunction(() => (document.querySelector('[data-parley]')?.shadowRoot?.adoptedStyleSheets.length ?? 0) >= 3);

describe('bots on the customer site', () => {
  it('a bot for /pricing opens after 10 s on the page, not before and not on /', async () => {
    const { context, pageErrors } = await newContext(browser);
    await page(context);
    const p = await context.newPage();
    await p.clock.install();
    await p.goto(`${stack.url}/pricing`);
    await panelLoaded(p);
    await p.clock.pauseAt(Date.now() + 500);
    await p.clock.runFor(8000);
    expect(await dialog(p).count()).toBe(0);
    await p.clock.runFor(2500);
    // Paused fake time also pauses Playwright's own polling in the page: read the DOM directly.
    expect(await dialog(p).getByRole('log').textContent()).toContain('Questions about pricing?');
    await p.clock.resume();
    // Opened by the bot, not by the visitor: nothing stored in the browser yet.
    expect(await p.evaluate(() => Object.keys(localStorage))).toEqual([]);

    const home = await context.newPage();
    await home.clock.install();
    await home.goto(`${stack.url}/`);
    await home.getByRole('heading', { name: 'Shop' }).waitFor();
    await widget(home).getByRole('button', { name: 'Open chat' }).waitFor();
    await home.clock.runFor(15_000);
    await home.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await home.clock.runFor(1000);
    expect(await dialog(home).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('opens at 50 % scroll; under reduced motion shows a dismissible teaser instead', async () => {
    const { context } = await newContext(browser);
    await page(context);
    const p = await context.newPage();
    await p.goto(`${stack.url}/pricing`);
    await panelLoaded(p);
    expect(await dialog(p).count()).toBe(0);
    await p.evaluate(() => scrollTo(0, document.documentElement.scrollHeight / 2 - innerHeight + 40));
    await dialog(p).getByText('Questions about pricing?').first().waitFor();
    await context.close();

    const calm = await newContext(browser, { reducedMotion: 'reduce' });
    await page(calm.context);
    const q = await calm.context.newPage();
    await q.goto(`${stack.url}/pricing`);
    await panelLoaded(q);
    await q.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    const teaser = widget(q).getByRole('button', { name: 'Questions about pricing?' });
    await teaser.waitFor();
    expect(await dialog(q).count()).toBe(0);
    await teaser.click();
    await dialog(q).getByRole('log').getByText('How big is your team?').waitFor();
    await calm.context.close();
  });

  it('a condition routes two visitors differently; the score qualifies the lead, exported as such', async () => {
    const runs = [];
    for (const query of ['?utm_source=ads', '']) {
      const { context } = await newContext(browser);
      await page(context);
      const p = await context.newPage();
      await p.goto(`${stack.url}/pricing${query}`);
      await widget(p).getByRole('button', { name: 'Open chat' }).click();
      await dialog(p).getByRole('log').getByText('How big is your team?').waitFor();
      runs.push({ p, context, lines: await dialog(p).getByRole('log').locator('p').allTextContents() });
    }
    expect(runs[0]?.lines.some((l) => l.includes('Your ad code gives 20 % off.'))).toBe(true);
    expect(runs[1]?.lines.some((l) => l.includes('Your ad code gives 20 % off.'))).toBe(false);

    const { p } = runs[0]!;
    await dialog(p).getByRole('button', { name: '50 or more' }).click();
    await dialog(p).getByRole('textbox').fill('cfo@big.example');
    await dialog(p).getByRole('textbox').press('Enter');
    await dialog(p).getByRole('button', { name: 'Yes, please' }).click();
    await dialog(p).getByRole('log').getByText('Thanks, talk soon!').waitFor();

    const auth = { authorization: `Bearer ${tenant.apiKey}` };
    const csv = await until(async () => {
      const res = await call(stack.url, '/v1/leads?format=csv', { headers: auth });
      return res.text.includes('cfo@big.example') ? res.text : undefined;
    });
    const [header, row] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.split(',').slice(-4)).toEqual(['conversationId', 'answers', 'score', 'qualified']);
    expect(row?.endsWith(',60,true')).toBe(true);
    for (const run of runs) await run.context.close();
  });

  it('speaks the tag’s language (data-lang="fi"), the page’s, and lays Arabic out right to left; Parley("start") runs a bot', async () => {
    const { context } = await newContext(browser);
    await page(context, { lang: 'fi' });
    const p = await context.newPage();
    await p.goto(`${stack.url}/pricing`);
    await widget(p).getByRole('button', { name: 'Avaa chat' }).click();
    const fi = dialog(p);
    await fi.getByRole('log').getByText('Kysyttävää hinnoista?').waitFor();
    await fi.getByRole('button', { name: 'Unohda minut' }).waitFor();
    await fi.getByRole('button', { name: '50 tai enemmän' }).waitFor();
    await context.close();

    const ar = await newContext(browser);
    await page(ar.context, { htmlLang: 'ar' });
    const q = await ar.context.newPage();
    await q.goto(`${stack.url}/pricing`);
    await widget(q).getByRole('button', { name: 'فتح المحادثة' }).click();
    await dialog(q).getByRole('log').getByText('أسئلة عن الأسعار؟').waitFor();
    expect(await dialog(q).evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await ar.context.close();

    const sdk = await newContext(browser);
    await page(sdk.context);
    const r = await sdk.context.newPage();
    await r.goto(`${stack.url}/`);
    await widget(r).getByRole('button', { name: 'Open chat' }).waitFor();
    await r.evaluate((id) => (window as unknown as { Parley: (cmd: string, id: string) => void }).Parley('start', id), bots.demo as string);
    await dialog(r).getByRole('log').getByText('Let us book your demo.').waitFor();
    await sdk.context.close();
  });
});

async function until<T>(probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}
