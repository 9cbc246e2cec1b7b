import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../functions/local/stack';
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
    // Focus moved to the first choice: Enter says yes.
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
    expect(transcript.filter((m) => m.author === 'visitor').map((m) => m.text)).toEqual(['Aino', 'aino@example.com', 'Oy Example Ab', 'A quote for 50 seats', 'Yes, please', 'Do you ship to Finland?']);

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
    expect(link).toMatchObject({ visitorId, dayVisitorId: (await scanTenantData(stack.demo.tenantId)).find((i) => i.entity === 'event' && String(i.visitorId).startsWith('d_'))?.visitorId });

    // Escape closes the dialog and gives focus back to the launcher.
    await widget(page).getByRole('textbox').focus();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('aria-label'))).toBe('Open chat');

    const erase = page.waitForRequest((r) => r.url().endsWith('/v1/visitors/me') && r.method() === 'DELETE');
    await page.evaluate(() => (window as unknown as { Parley: (cmd: string) => void }).Parley('forget'));
    expect((await erase).headers()['x-parley-visitor']).toMatch(/^pv1\./);
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
});
