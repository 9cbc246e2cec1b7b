import { join } from 'node:path';
import type { Browser, Page, Request, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import { type TestServer, call, cid, newTenant, startTestServer } from './support/api';
import { connectBrowser, newContext } from './support/browser';

let browser: Browser;
let api: TestServer;
let tenant: CreatedTenant;
beforeAll(async () => {
  tenant = await newTenant({ name: 'Live Co' });
  // The bundles the run built from current source (test/setup/browser.ts).
  [browser, api] = await Promise.all([
    connectBrowser(),
    startTestServer({ statics: [{ prefix: '/', dir: join(import.meta.dirname, '../widget/dist') }], pages: { '/shop': shopPage } }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/**
 * A customer's page under a strict CSP (no inline script, no eval): the
 * socket needs only `connect-src 'self'`, as it shares the API's host.
 */
function shopPage(): string {
  const csp = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'";
  return `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${csp}"></head>
    <body><h1>Shop</h1><script async src="/parley.js" data-site="${tenant.siteKey}"></script></body></html>`;
}
const widget = (page: Page) => page.locator('[data-parley]');
const key = () => ({ authorization: `Bearer ${tenant.apiKey}` });

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A person of the team replies with the tenant's API key, as an inbox or integration would. */
async function reply(conversationId: string, text: string): Promise<number> {
  const sent = await call(api.url, `/v1/conversations/${conversationId}/messages`, {
    body: { id: cid('m'), author: 'agent', text, ts: Date.now() },
    headers: key(),
  });
  expect(sent.status).toBe(201);
  return Number(sent.json.seq);
}

describe('live chat on a customer page', () => {
  it('shows the team’s replies within moments, and a reply sent while the socket was closed after it reconnects and after a reload', async () => {
    const { context, pageErrors } = await newContext(browser);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
    const resyncs: Request[] = [];
    page.on('request', (r) => r.method() === 'GET' && /\/messages\?after=/.test(r.url()) && resyncs.push(r));
    // Every live socket passes through here: to the API, or held back (an outage) while `hold` is set.
    let hold = false;
    const sockets: { page: WebSocketRoute; server: WebSocketRoute | undefined }[] = [];
    await page.routeWebSocket(/\/v1\/live\?token=/, (ws) => {
      sockets.push({ page: ws, server: hold ? undefined : ws.connectToServer() });
    });

    await page.goto(`${api.url}/shop`);
    await widget(page).getByRole('button', { name: 'Open chat' }).click();
    const dialog = widget(page).getByRole('dialog', { name: 'Live Co' });
    const log = dialog.getByRole('log');
    for (const [question, answer] of [
      ['What is your first name?', 'Aino'],
      ['Which email can we reach you at?', 'aino@example.com'],
      ['Which company are you with?', 'Oy Example Ab'],
      ['What can we help you with?', 'A quote for 50 seats'],
    ] as const) {
      await log.getByText(question).waitFor();
      await dialog.getByRole('textbox').fill(answer);
      await dialog.getByRole('textbox').press('Enter');
    }
    await dialog.getByRole('button', { name: 'Yes, please' }).click();
    await log.getByText('Someone from our team will be in touch soon', { exact: false }).waitFor();
    await dialog.getByRole('textbox').fill('Do you ship to Finland?');
    await dialog.getByRole('textbox').press('Enter');
    await log.getByText('the team will reply here', { exact: false }).waitFor();

    // Once the visitor's 13 messages are all stored, the team's replies come next in sequence.
    const conversationId = await until(async () => {
      const listed = await call(api.url, '/v1/conversations', { headers: key() });
      const [row] = (listed.json.data ?? []) as { conversationId: string; messageCount: number }[];
      return row?.messageCount === 13 ? row.conversationId : undefined;
    }, 'the conversation in the API');
    // The socket is up once the widget has resynced on opening it.
    await until(async () => (sockets.length === 1 && resyncs.length === 1 ? true : undefined), 'the live socket');

    const first = await reply(conversationId, 'Hi Aino, yes we do. Anna here.');
    await log.getByText('Hi Aino, yes we do. Anna here.').waitFor({ timeout: 5000 });
    // Pushed over the socket: no fetch brought it.
    expect(resyncs).toHaveLength(1);

    // The connection drops (API Gateway ends every socket in time) and the next ones fail to get through.
    hold = true;
    sockets[0]?.server?.close();
    await sockets[0]?.page.close();
    await until(async () => (sockets.length >= 2 ? true : undefined), 'a reconnect');
    const missed = await reply(conversationId, 'Shipping to Finland takes three days.');
    await page.waitForTimeout(1500);
    expect(await log.getByText('Shipping to Finland takes three days.').count()).toBe(0);

    // Through again: the reply sent while disconnected comes with the resync.
    hold = false;
    const resyncsBefore = resyncs.length;
    await sockets.at(-1)?.page.close();
    await log.getByText('Shipping to Finland takes three days.').waitFor({ timeout: 10_000 });
    expect(resyncs.slice(resyncsBefore).map((r) => new URL(r.url()).searchParams.get('after'))).toContain(String(first));
    expect(resyncs.every((r) => r.headers()['x-parley-visitor']?.startsWith('pv'))).toBe(true);
    expect(await log.getByText('Hi Aino, yes we do. Anna here.').count()).toBe(1);

    // A reload: the transcript comes back from storage, nothing twice, and the resync starts after the newest message.
    const reloaded = resyncs.length;
    await page.reload();
    await log.getByText('Shipping to Finland takes three days.').waitFor();
    await until(async () => (resyncs.length > reloaded ? true : undefined), 'the resync after the reload');
    expect(new URL(resyncs[reloaded]!.url()).searchParams.get('after')).toBe(String(missed));
    expect(await log.getByText('Hi Aino, yes we do. Anna here.').count()).toBe(1);
    expect(await log.getByText('Shipping to Finland takes three days.').count()).toBe(1);
    // Shown as the team's: named, on the other side of the conversation.
    expect(await log.locator('p', { hasText: 'Shipping to Finland takes three days.' }).textContent()).toMatch(/^Team: Team/);

    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
