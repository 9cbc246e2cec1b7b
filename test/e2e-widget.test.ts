import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../local/stack';
import { scanTenantData } from './support/api';
import { connectBrowser, newContext, startProduct } from './support/browser';

let browser: Browser;
let stack: Stack;
beforeAll(async () => {
  [browser, stack] = await Promise.all([connectBrowser(), startProduct()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const widget = (page: Page) => page.locator('[data-parley]');
const launcher = (page: Page) => widget(page).getByRole('button', { name: /chat/i }).first();

/** Presses Tab until the launcher inside the shadow root has focus. */
async function tabToLauncher(page: Page): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    const onLauncher = await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.classList.contains('l') ?? false);
    if (onLauncher) return;
  }
  throw new Error('the launcher is not reachable by Tab');
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const bodyOf = (r: Request) => JSON.parse(r.postData() ?? '{}') as Record<string, unknown> & { events?: { type: string; url: string; tag?: string }[] };

describe('the widget on a customer page', () => {
  it('is completed by keyboard alone; the lead and transcript are stored; a reload resumes; forget clears', async () => {
    const { context, pageErrors } = await newContext(browser);
    const page = await context.newPage();
    const collects: Request[] = [];
    page.on('request', (r) => r.url().includes('/v1/collect') && collects.push(r));

    await page.goto(`${stack.url}/demo`);
    await launcher(page).waitFor();
    await until(async () => collects[0], 'the first events batch');
    // Before any interaction: events go without a visitor id, nothing of ours is stored.
    expect(bodyOf(collects[0]!).visitorId).toBeUndefined();
    expect(bodyOf(collects[0]!).events?.[0]).toMatchObject({ type: 'page_view', url: `${stack.url}/demo` });
    expect(await page.evaluate(() => ({ cookie: document.cookie, storage: Object.keys(localStorage) }))).toEqual({ cookie: '', storage: [] });

    // A single-page-app navigation is a page view too.
    await page.evaluate(() => history.pushState({}, '', '/demo?step=2'));
    await until(async () => collects.flatMap((r) => bodyOf(r).events ?? []).find((e) => e.url.endsWith('/demo?step=2')), 'the SPA page view');

    await tabToLauncher(page);
    await page.keyboard.press('Enter');
    const dialog = widget(page).getByRole('dialog', { name: 'Demo Company' });
    await dialog.getByRole('log').getByText('What is your first name?').waitFor();
    const input = dialog.getByRole('textbox');
    expect(await input.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);

    await page.keyboard.type('Aino');
    await page.keyboard.press('Enter');
    await dialog.getByRole('log').getByText('Which email can we reach you at?').waitFor();
    await page.keyboard.type('aino@');
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('alert').textContent()).resolves.toContain('does not look like an email address');
    await page.keyboard.type('example.com');
    await page.keyboard.press('Enter');
    await dialog.getByRole('log').getByText('Which company are you with?').waitFor();
    await page.keyboard.type('Oy Example Ab');
    await page.keyboard.press('Enter');
    await dialog.getByRole('log').getByText('What can we help you with?').waitFor();
    await page.keyboard.type('A quote for 50 seats');
    await page.keyboard.press('Enter');
    await dialog.getByRole('log').getByText('May we send you occasional product news').waitFor();
    // Focus is on the question, not on an answer: Tab reaches "Yes, please".
    expect(await page.evaluate(() => document.querySelector('[data-parley]')?.shadowRoot?.activeElement?.getAttribute('role'))).toBe('group');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await dialog.getByRole('log').getByText('Someone from our team will be in touch soon').waitFor();
    await page.keyboard.type('Do you ship to Finland?');
    await page.keyboard.press('Enter');

    const items = await until(async () => {
      const all = await scanTenantData(stack.demo.tenantId);
      // The conversation's counter is updated just after each message is stored.
      const counted = all.some((i) => i.entity === 'conversation' && i.messageCount === 13);
      return all.filter((i) => i.entity === 'message').length === 13 && counted && all.some((i) => i.entity === 'contact') ? all : undefined;
    }, 'the lead and 13 messages in DynamoDB');
    const contact = items.find((i) => i.entity === 'contact');
    expect(contact).toMatchObject({
      firstName: 'Aino',
      email: 'aino@example.com',
      company: 'Oy Example Ab',
      consentMarketing: true,
      answers: [{ question: 'What can we help you with?', answer: 'A quote for 50 seats' }],
    });
    const conversation = items.find((i) => i.entity === 'conversation');
    expect(conversation).toMatchObject({ contactId: contact?.contactId, messageCount: 13 });
    const transcript = items.filter((i) => i.entity === 'message').sort((a, b) => String(a.ts).localeCompare(String(b.ts)));
    expect(transcript.filter((m) => m.author === 'visitor').map((m) => m.text)).toEqual([
      'Aino',
      'aino@example.com',
      'Oy Example Ab',
      'A quote for 50 seats',
      'Yes, please',
      'Do you ship to Finland?',
    ]);

    // Now the widget's own id takes over, and the day's earlier events are linked to it.
    const visitorId = String(conversation?.visitorId);
    await page.getByRole('button', { name: 'Talk to sales' }).click();
    await page.reload();
    await widget(page).getByRole('log').getByText('Do you ship to Finland?').waitFor();
    const events = await until(async () => {
      const all = (await scanTenantData(stack.demo.tenantId)).filter((i) => i.entity === 'event' && i.visitorId === visitorId);
      return all.some((e) => e.type === 'click') && all.some((e) => e.type === 'session_end') ? all : undefined;
    }, 'events under the visitor id');
    expect(events.find((e) => e.type === 'click')).toMatchObject({ tag: 'button', text: 'Talk to sales' });
    const link = items.find((i) => i.entity === 'visitorLink');
    expect(link).toMatchObject({
      visitorId,
      dayVisitorId: (await scanTenantData(stack.demo.tenantId)).find((i) => i.entity === 'event' && String(i.visitorId).startsWith('d_'))?.visitorId,
    });

    // Escape closes the dialog and gives focus back to the launcher.
    await widget(page).getByRole('textbox').focus();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('aria-label'))).toBe('Open chat');

    const erase = page.waitForRequest((r) => r.url().endsWith('/v1/visitors/me') && r.method() === 'DELETE');
    await page.evaluate(() => (window as unknown as { Parley: (cmd: string) => void }).Parley('forget'));
    expect((await erase).headers()['x-parley-visitor']).toMatch(/^pv\d+\./);
    await until(async () => ((await page.evaluate(() => Object.keys(localStorage).length)) === 0 ? true : undefined), 'local state cleared');

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('works under hostile CSS and a strict CSP, and sends no behavioural event under Global Privacy Control', async () => {
    const { context, pageErrors } = await newContext(browser, { extraHTTPHeaders: { 'Sec-GPC': '1' } });
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const page = await context.newPage();
    const host = `${stack.url}/hostile/`;
    await page.route(`${host}**`, (route) => {
      const css = route.request().url().endsWith('.css');
      return route.fulfill({
        contentType: css ? 'text/css' : 'text/html',
        headers: { 'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'" },
        body: css
          ? '* { all: unset !important; } div { display: none !important; } button { width: 1px !important; height: 1px !important; } html, body { font-size: 4px !important; color: red !important; }'
          : `<!doctype html><html><head><link rel="stylesheet" href="hostile.css"></head><body><p>Hostile page</p><a href="other.html">Other page</a><button id="own">Own button</button>
             <script async src="/parley.js" data-site="${stack.demo.siteKey}"></script></body></html>`,
      });
    });
    const violations: string[] = [];
    page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
    const collects: string[] = [];
    page.on('request', (r) => r.url().includes('/v1/collect') && collects.push(r.url()));

    await page.goto(`${host}index.html`);
    await launcher(page).waitFor();
    expect(await launcher(page).boundingBox()).toMatchObject({ width: 56, height: 56 });
    await launcher(page).click();
    const dialog = widget(page).getByRole('dialog');
    await dialog.getByRole('log').getByText('What is your first name?').waitFor();
    const box = await dialog.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(await dialog.getByRole('textbox').evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    const sent = page.waitForResponse((r) => r.url().includes('/messages') && r.request().method() === 'POST' && r.status() === 201);
    await dialog.getByRole('textbox').fill('Ilse');
    await dialog.getByRole('textbox').press('Enter');
    await sent;
    await dialog.getByRole('log').getByText('Which email can we reach you at?').waitFor();
    // The widget's styles do not leak into the page.
    expect(await page.locator('#own').evaluate((el) => getComputedStyle(el).minHeight)).not.toBe('44px');

    await page.locator('#own').click({ force: true });
    await page.evaluate(() => window.scrollTo(0, 10_000));
    await page.goto(`${host}other.html`);
    await launcher(page).waitFor();
    await page.waitForTimeout(2500);
    expect(collects).toEqual([]);
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('in preview (data-preview="1") runs the flow to the end with only GET requests and nothing stored', async () => {
    const { context, pageErrors } = await newContext(browser);
    const page = await context.newPage();
    const host = `${stack.url}/preview-page/`;
    await page.route(`${host}**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html><body><p>Install page</p><button id="own">Own button</button>
          <script async src="/parley.js" data-site="${stack.demo.siteKey}" data-preview="1"></script></body></html>`,
      }),
    );
    const requests: Request[] = [];
    page.on('request', (r) => r.url().startsWith(stack.url) && !r.url().startsWith(host) && requests.push(r));
    const before = (await scanTenantData(stack.demo.tenantId)).length;

    await page.goto(`${host}index.html`);
    await launcher(page).click();
    const dialog = widget(page).getByRole('dialog', { name: 'Demo Company' });
    const log = dialog.getByRole('log');
    for (const [question, answer] of [
      ['What is your first name?', 'Aino'],
      ['Which email can we reach you at?', 'aino@example.com'],
      ['Which company are you with?', 'Oy Example Ab'],
      ['What can we help you with?', 'Just looking'],
    ] as const) {
      await log.getByText(question).waitFor();
      await dialog.getByRole('textbox').fill(answer);
      await dialog.getByRole('textbox').press('Enter');
    }
    await dialog.getByRole('button', { name: 'Yes, please' }).click();
    await log.getByText('Someone from our team will be in touch soon').waitFor();
    await page.locator('#own').click();
    await page.evaluate(() => (window as unknown as { Parley: (cmd: string) => void }).Parley('forget'));
    await page.waitForTimeout(2500);
    await page.goto('about:blank');

    expect(requests.filter((r) => r.method() !== 'GET').map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
    expect(requests.some((r) => r.url().includes('/v1/widget/config'))).toBe(true);
    const origin = await context.storageState();
    expect(origin.cookies).toEqual([]);
    expect(origin.origins.flatMap((o) => o.localStorage)).toEqual([]);
    expect((await scanTenantData(stack.demo.tenantId)).length).toBe(before);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('with the API down at page load still shows the launcher, opens on Parley("open") and says what is wrong', async () => {
    const { context, pageErrors } = await newContext(browser);
    const page = await context.newPage();
    await page.route('**/v1/**', (route) => route.abort('connectionrefused'));
    await page.goto(`${stack.url}/demo`);
    await launcher(page).waitFor();
    await page.getByRole('button', { name: 'Talk to sales' }).click();
    const dialog = widget(page).getByRole('dialog');
    await dialog.getByRole('status').getByText('Our chat service cannot be reached right now.', { exact: false }).waitFor();
    await dialog.getByRole('textbox').fill('Is anyone there?');
    await dialog.getByRole('textbox').press('Enter');
    await dialog.getByRole('log').getByText('Is anyone there?').waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('a visitor id claimed by another browser is not taken over: the second browser becomes a new visitor', async () => {
    const first = await newContext(browser);
    const page = await first.context.newPage();
    await page.goto(`${stack.url}/demo`);
    await launcher(page).click();
    await widget(page).getByRole('log').getByText('What is your first name?').waitFor();
    const key = `parley:${stack.demo.siteKey}`;
    const state = await until(async () => {
      const saved = await page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? '{}') as { v?: string; t?: string; q?: unknown[] }, key);
      return saved.t && saved.q?.length === 0 ? saved : undefined;
    }, 'the first visitor token');

    // Someone who learned the visitor id (an export, a CRM) but not the secret.
    const second = await newContext(browser);
    await second.context.addInitScript(
      ([k, v]) => {
        // Only on the demo page (about:blank has no storage).
        if (location.protocol !== 'http:' || localStorage.getItem(k)) return;
        localStorage.setItem(
          k,
          JSON.stringify({
            v,
            s: 's_impostorSession01',
            seen: Date.now(),
            m: [],
            step: -1,
            f: {},
            ans: [],
            q: [],
            k: 'impostor-secret-impostor-secret-impostor-se',
          }),
        );
      },
      [key, state.v ?? ''] as const,
    );
    const other = await second.context.newPage();
    const starts: { status: number; visitorId: unknown }[] = [];
    other.on('response', async (r) => {
      if (r.url().endsWith('/v1/conversations') && r.request().method() === 'POST')
        starts.push({ status: r.status(), visitorId: JSON.parse(r.request().postData() ?? '{}').visitorId });
    });
    await other.goto(`${stack.url}/demo`);
    await launcher(other).click();
    await widget(other).getByRole('log').getByText('What is your first name?').waitFor();
    await until(async () => (starts.some((s) => s.status === 201) ? true : undefined), "the second browser's conversation");
    expect(starts[0]).toEqual({ status: 401, visitorId: state.v });
    expect(starts[1]?.status).toBe(201);
    expect(starts[1]?.visitorId).not.toBe(state.v);
    expect(starts).toHaveLength(2);
    expect(first.pageErrors).toEqual([]);
    expect(second.pageErrors).toEqual([]);
    await first.context.close();
    await second.context.close();
  });
});
