import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Stack } from '../local/stack';
import { LIST_EVERY_MS } from '../dashboard/src/use-inbox';
import { conversation, leadInConversation, open, signedIn, visitorSays } from './dashboard-fixtures';
import { call, cid, newTenant } from './support/api';
import { useProduct } from './support/browser';
import { openLive } from './support/live';

let stack: Stack;
let browser: Browser;

useProduct((s, b) => {
  stack = s;
  browser = b;
});

const transcript = (p: Page) => p.getByRole('list', { name: 'Transcript' });
const listed = (p: Page, text: string) => p.locator('.conversations li').filter({ hasText: text });
/** The inbox says who is online once its socket is open (its own presence comes back). */
const liveIn = (p: Page) =>
  p
    .getByRole('status')
    .filter({ hasText: /^1 person online to answer$/ })
    .waitFor();

describe('the inbox, live', () => {
  it('shows a new waiting conversation within a second or two, without waiting for a poll', async () => {
    const tenant = await newTenant({ name: 'Live List Co' });
    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey, { role: 'agent' });
    let listings = 0;
    page.on('request', (r) => {
      if (r.url().includes('/v1/inbox')) listings++;
    });
    await open(page, stack, '#/inbox');
    await page.getByText('No one is waiting for an answer.').waitFor();
    await liveIn(page);

    const started = Date.now();
    await leadInConversation(stack.url, tenant.siteKey, { firstName: 'Lumi', email: 'lumi@example.fi' });
    // Sooner than a poll could have shown it (and with the socket up there is none).
    await listed(page, 'Lumi').waitFor({ timeout: LIST_EVERY_MS - 2_000 });
    expect(Date.now() - started).toBeLessThan(LIST_EVERY_MS - 2_000);
    expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Waiting 1');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: /^Inbox.*waiting: 1$/ })
      .waitFor();
    // A few listings prompted by what the socket said, not one every ten seconds.
    expect(listings).toBeLessThan(8);
    expect(pageErrors).toEqual([]);
  });

  it('relays typing both ways, marks the conversation read when opened, and says "Seen" once the visitor read the reply', async () => {
    const tenant = await newTenant({ name: 'Typing Co' });
    const chat = await leadInConversation(stack.url, tenant.siteKey, { firstName: 'Veera', email: 'veera@example.fi' });
    const visitor = await openLive(stack.url, chat.token);
    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey, { role: 'agent' });
    await open(page, stack, '#/inbox');
    const row = listed(page, 'Veera');
    await row.locator('.unread').waitFor();
    await liveIn(page);

    await row.getByRole('link').click();
    await transcript(page).getByText('I need a quote').waitFor();
    // Opening it is reading it: the visitor hears "seen" and the unread badge goes.
    expect(await visitor.next('seen')).toMatchObject({ conversationId: chat.conversationId, by: 'team' });
    await expect.poll(() => row.locator('.unread').count()).toBe(0);

    const typing = page.getByText('Veera is typing…');
    visitor.send({ type: 'typing', conversationId: chat.conversationId });
    await typing.waitFor();
    // A line from the visitor ends "typing" at once.
    await visitorSays(stack.url, chat.conversationId, chat.token, 'Are you there?');
    await transcript(page).getByText('Are you there?').waitFor();
    expect(await typing.count()).toBe(0);
    // Without a line, it ends a few seconds after the last typing frame.
    visitor.send({ type: 'typing', conversationId: chat.conversationId });
    await typing.waitFor();
    await typing.waitFor({ state: 'detached', timeout: 6_000 });

    // A teammate (here a key's socket) writing in the same conversation shows too, so two do not answer at once.
    const issued = await call(stack.url, '/v1/live/token', { body: {}, headers: { authorization: `Bearer ${tenant.apiKey}` } });
    const teammate = await openLive(stack.url, String(issued.json.token));
    teammate.send({ type: 'typing', conversationId: chat.conversationId });
    await page.getByText('Team is writing a reply…').waitFor();
    teammate.close();

    await page.getByLabel('Reply').pressSequentially('Yes, hello');
    expect(await visitor.next('typing', (f) => f.name === 'Test agent')).toMatchObject({ conversationId: chat.conversationId, author: 'agent' });
    await page.getByLabel('Reply').press('Enter');
    const reply = await visitor.next('message', (f) => (f.message as { author: string }).author === 'agent');
    const seq = (reply.message as { seq: number }).seq;
    expect(await transcript(page).getByText('Seen', { exact: true }).count()).toBe(0);
    visitor.send({ type: 'seen', conversationId: chat.conversationId, seq });
    await transcript(page).locator('li.agent').filter({ hasText: 'Yes, hello' }).getByText('Seen', { exact: true }).waitFor();
    visitor.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('after the socket drops, reconnects and reads what it missed: each line once, in order, and the list as it is now', async () => {
    const tenant = await newTenant({ name: 'Reconnect Co' });
    const chat = await leadInConversation(stack.url, tenant.siteKey, { firstName: 'Aada', email: 'aada@example.fi' });
    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey, { role: 'agent' });
    // The page's socket goes through here, so the test can drop it and keep it down.
    let current: WebSocketRoute | undefined;
    let down = false;
    let opened = 0;
    await page.routeWebSocket(/\/v1\/live/, (ws) => {
      if (down) return ws.close();
      opened++;
      current = ws;
      const server = ws.connectToServer();
      ws.onClose(() => server.close());
    });
    await open(page, stack, `#/inbox/${encodeURIComponent(chat.conversationId)}`);
    // Only a hash changed: load the document again so its socket takes the route.
    await page.reload();
    await transcript(page).getByText('I need a quote').waitFor();
    await liveIn(page);
    expect(opened).toBe(1);

    down = true;
    await current?.close();
    await visitorSays(stack.url, chat.conversationId, chat.token, 'First while you were away');
    await visitorSays(stack.url, chat.conversationId, chat.token, 'Second while you were away');
    await leadInConversation(stack.url, tenant.siteKey, { firstName: 'Eino', email: 'eino@example.fi' });
    down = false;

    await transcript(page).getByText('Second while you were away').waitFor();
    await listed(page, 'Eino').waitFor();
    expect(opened).toBeGreaterThan(1);
    const lines = await transcript(page).locator('li p').allTextContents();
    expect(lines.filter((t) => t.includes('while you were away'))).toEqual(['First while you were away', 'Second while you were away']);
    // Frames after the reconnect arrive as before, and nothing is shown twice.
    await visitorSays(stack.url, chat.conversationId, chat.token, 'And now');
    await transcript(page).getByText('And now').waitFor();
    expect(await transcript(page).getByText('I need a quote').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('polls instead where the socket cannot open, and says so', async () => {
    const tenant = await newTenant({ name: 'Blocked Co' });
    const chat = await leadInConversation(stack.url, tenant.siteKey, { firstName: 'Ilona', email: 'ilona@example.fi' });
    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey, { role: 'agent' });
    // A proxy that refuses WebSockets.
    await page.routeWebSocket(/\/v1\/live/, (ws) => ws.close());
    await open(page, stack, `#/inbox/${encodeURIComponent(chat.conversationId)}`);
    await page.reload();
    await transcript(page).getByText('I need a quote').waitFor();
    await page.getByRole('status').filter({ hasText: 'live updates paused' }).waitFor();
    await visitorSays(stack.url, chat.conversationId, chat.token, 'Hello from behind a proxy');
    await transcript(page).getByText('Hello from behind a proxy').waitFor({ timeout: 8_000 });
    expect(pageErrors).toEqual([]);
  });

  it('goes away and online again with the toggle, and the count follows', async () => {
    const tenant = await newTenant({ name: 'Presence Co' });
    const chat = await conversation(stack.url, tenant.siteKey, cid('vis'), true);
    const { page } = await signedIn(browser, stack, tenant.apiKey, { role: 'agent' });
    await open(page, stack, '#/inbox');
    await liveIn(page);
    await page.getByLabel('Online for chat').uncheck();
    await page.getByRole('status').filter({ hasText: 'No one online to answer' }).waitFor();
    const handover = await fetch(`${stack.url}/v1/conversations/${chat.conversationId}/handover`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-visitor': chat.token },
      body: '{}',
    });
    expect(await handover.json()).toMatchObject({ agentsOnline: 0 });
    await page.getByLabel('Online for chat').check();
    await liveIn(page);
  });
});
