import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import type { Stack } from '../local/stack';
import type { ConversationRow } from '../shared/schemas/exports';
import { asOwner, conversation, leadInConversation, open, person, signedIn, visitorSays } from './dashboard-fixtures';
import { call, cid, newTenant } from './support/api';
import { useProduct } from './support/browser';

let stack: Stack;
let browser: Browser;

useProduct((s, b) => {
  stack = s;
  browser = b;
});

const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const nav = (p: Page) => p.getByRole('navigation', { name: 'Sections' });
const transcript = (p: Page) => p.getByRole('list', { name: 'Transcript' });
const listed = (p: Page, text: string) => p.locator('.conversations li').filter({ hasText: text });

/** The conversation as the API stores it, read with the tenant's key. */
async function stored(tenant: CreatedTenant, conversationId: string): Promise<ConversationRow | undefined> {
  const res = await asOwner(stack.url, tenant.apiKey, '/v1/conversations?limit=1000');
  expect(res.status).toBe(200);
  return (res.json.data as ConversationRow[]).find((c) => c.conversationId === conversationId);
}

/** A lead captured in a conversation that already exists (as the bot's questions do). */
async function captureInConversation(
  tenant: CreatedTenant,
  visitorId: string,
  chat: { conversationId: string; token: string },
  fields: Record<string, string>,
) {
  const res = await call(stack.url, '/v1/leads', {
    body: { site: tenant.siteKey, visitorId, conversationId: chat.conversationId, fields, answers: [], consent: { marketing: false, text: '' } },
    headers: { 'x-parley-visitor': chat.token },
  });
  expect(res.status).toBe(201);
}

/** Where the API has a conversation now (read with the tenant's key). */
async function inboxState(tenant: CreatedTenant, conversationId: string) {
  for (const view of ['all', 'closed']) {
    const res = await asOwner(stack.url, tenant.apiKey, `/v1/inbox?view=${view}`);
    const found = (res.json.data as { conversationId: string; status: string; assignee: { id: string } | null }[]).find(
      (c) => c.conversationId === conversationId,
    );
    if (found) return found;
  }
  return undefined;
}

describe('the inbox in Chromium', () => {
  it('lands an agent on the inbox with the visitor waiting by name; a reply is stored as the agent’s and leaves Waiting; new visitor lines arrive without reload', async () => {
    const tenant = await newTenant({ name: 'Inbox Co' });
    const chat = await leadInConversation(stack.url, tenant.siteKey, { firstName: 'Helmi', lastName: 'Virtanen', email: 'helmi@example.fi' });
    await conversation(stack.url, tenant.siteKey, cid('vis'), false);
    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey, { role: 'agent' });

    await open(page, stack, '');
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/inbox');
    await nav(page)
      .getByRole('link', { name: /^Inbox.*waiting: 1$/ })
      .waitFor();
    expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Waiting 1');
    const row = listed(page, 'Helmi Virtanen');
    await expect(row.textContent()).resolves.toContain(`${stack.url}/demo?utm_source=newsletter`);
    await expect(row.textContent()).resolves.toContain('Visitor: I need a quote');
    // The conversation with only the bot's greeting is not waiting; it shows under All.
    expect(await page.locator('.conversations li').count()).toBe(1);
    await page.getByRole('tab', { name: /^All/ }).click();
    await expect.poll(() => page.locator('.conversations li').count()).toBe(2);
    await page.getByRole('tab', { name: /^Waiting/ }).click();

    await row.getByRole('link', { name: 'Helmi Virtanen' }).click();
    await transcript(page).getByText('I need a quote').waitFor();
    const visitor = page.getByRole('complementary', { name: 'Visitor' });
    await expect(visitor.textContent()).resolves.toContain('helmi@example.fi');
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    const reply = page.getByLabel('Reply');
    await reply.fill('Hi Helmi, Aino here.');
    await reply.press('Shift+Enter');
    await reply.pressSequentially('What would you like a quote for?');
    await reply.press('Enter');
    await transcript(page).locator('li.agent').filter({ hasText: 'What would you like a quote for?' }).filter({ hasText: 'Sent' }).waitFor();
    expect(await reply.inputValue()).toBe('');
    const after = await stored(tenant, chat.conversationId);
    expect(after?.messages.at(-1)).toMatchObject({ author: 'agent', text: 'Hi Helmi, Aino here.\nWhat would you like a quote for?' });

    // The reply took the conversation: it leaves Waiting for Mine.
    await page.getByText('No one is waiting for an answer.').waitFor();
    await nav(page).getByRole('link', { name: 'Inbox', exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Mine 1' }).click();
    await listed(page, 'Helmi Virtanen').waitFor();
    await expect(page.getByRole('region', { name: 'Conversation' }).textContent()).resolves.toContain('Assigned to you');

    await visitorSays(stack.url, chat.conversationId, chat.token, `A quote for 40 seats ${HOSTILE}`);
    await transcript(page).getByText(`A quote for 40 seats ${HOSTILE}`).waitFor();
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    // Still theirs: the list shows the new line under Mine, read already (the conversation is open).
    const mine = listed(page, 'Helmi Virtanen');
    await mine.getByText('Visitor: A quote for 40 seats').waitFor();
    expect(await mine.locator('.unread').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('keeps a reply that failed on screen with the reason; Retry stores it once; a stored reply whose answer was lost reads as sent', async () => {
    const tenant = await newTenant({ name: 'Retry Co' });
    const chat = await leadInConversation(stack.url, tenant.siteKey, { email: 'eero@example.fi' });
    const { page } = await signedIn(browser, stack, tenant.apiKey, { role: 'agent' });
    await open(page, stack, `#/inbox/${encodeURIComponent(chat.conversationId)}`);
    await transcript(page).getByText('I need a quote').waitFor();

    // The first attempt never reaches the API.
    let attempts = 0;
    let loseAnswer = false;
    await page.route('**/v1/conversations/*/messages', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      attempts++;
      if (loseAnswer) {
        // Stored, but the answer is lost on the way back.
        await route.fetch();
        return route.abort('connectionreset');
      }
      if (attempts > 1) return route.fallback();
      await route.abort('connectionreset');
    });
    await page.getByLabel('Reply').fill('Hello Eero');
    await page.getByRole('button', { name: 'Send' }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'Not sent: Parley could not be reached.' });
    await failed.waitFor();
    await failed.getByRole('button', { name: 'Retry' }).click();
    await transcript(page).locator('li.agent').filter({ hasText: 'Hello Eero' }).filter({ hasText: 'Sent' }).waitFor();
    expect(attempts).toBe(2);

    // Stored with its answer lost: the stored line comes back over the socket, so it reads as sent, once.
    loseAnswer = true;
    await page.getByLabel('Reply').fill('Anything else?');
    await page.getByRole('button', { name: 'Send' }).click();
    await transcript(page).locator('li.agent').filter({ hasText: 'Anything else?' }).filter({ hasText: 'Sent' }).waitFor();
    expect(await failed.count()).toBe(0);
    const replies = (await stored(tenant, chat.conversationId))?.messages.filter((m) => m.author === 'agent');
    expect(replies?.map((m) => m.text)).toEqual(['Hello Eero', 'Anything else?']);
    expect(await transcript(page).getByText('Hello Eero').count()).toBe(1);
    expect(await transcript(page).getByText('Anything else?').count()).toBe(1);
  });

  it('assigns a conversation to another person of the team, and back to nobody', async () => {
    const tenant = await newTenant({ name: 'Assign Co' });
    const chat = await leadInConversation(stack.url, tenant.siteKey, { firstName: 'Saara', email: 'saara@example.fi' });
    const aino = await person(stack.url, tenant.apiKey, 'agent', 'Aino Agent');
    await person(stack.url, tenant.apiKey, 'viewer', 'Ville Viewer');
    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey);
    await open(page, stack, `#/inbox/${encodeURIComponent(chat.conversationId)}`);
    await transcript(page).getByText('I need a quote').waitFor();

    const menu = page.getByLabel('Assign to');
    // Only people who may reply are offered; a viewer is not.
    await menu.locator('option', { hasText: 'Aino Agent' }).waitFor({ state: 'attached' });
    expect(await menu.locator('option', { hasText: 'Ville Viewer' }).count()).toBe(0);
    await menu.selectOption({ label: 'Aino Agent' });
    await page.getByText('Open · Assigned to Aino Agent').waitFor();
    await page.getByText('No one is waiting for an answer.').waitFor();
    expect(await inboxState(tenant, chat.conversationId)).toMatchObject({ status: 'open', assignee: { id: `user:${aino.userId}` } });
    // Not the owner's own: under All, not Mine.
    expect(await page.getByRole('tab', { name: /^Mine/ }).textContent()).toBe('Mine 0');
    await page.getByRole('tab', { name: /^All/ }).click();
    await listed(page, 'Saara').getByText('Aino Agent').waitFor();

    await menu.selectOption({ label: 'Nobody (unassign)' });
    await page.getByText('Waiting · Assigned to nobody').waitFor();
    expect(await inboxState(tenant, chat.conversationId)).toMatchObject({ status: 'waiting', assignee: null });
    expect(pageErrors).toEqual([]);
  });

  it('closes a conversation to the Closed tab; the visitor writing again brings it back; Reopen does too', async () => {
    const tenant = await newTenant({ name: 'Close Co' });
    const chat = await leadInConversation(stack.url, tenant.siteKey, { firstName: 'Kaisa', email: 'kaisa@example.fi' });
    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey, { role: 'agent' });
    await open(page, stack, `#/inbox/${encodeURIComponent(chat.conversationId)}`);
    await transcript(page).getByText('I need a quote').waitFor();

    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByText('Closed · Assigned to nobody').waitFor();
    await page.getByText('No one is waiting for an answer.').waitFor();
    await page.getByRole('tab', { name: 'Closed' }).click();
    await listed(page, 'Kaisa').waitFor();
    expect(await inboxState(tenant, chat.conversationId)).toMatchObject({ status: 'closed' });

    await visitorSays(stack.url, chat.conversationId, chat.token, 'One more question');
    await transcript(page).getByText('One more question').waitFor();
    await page.getByText('Waiting · Assigned to nobody').waitFor();
    await page.getByText('No closed conversations.').waitFor();
    await page.getByRole('tab', { name: /^Waiting/ }).click();
    await listed(page, 'Kaisa').getByText('Visitor: One more question').waitFor();

    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.getByText('Waiting · Assigned to nobody').waitFor();
    expect(await inboxState(tenant, chat.conversationId)).toMatchObject({ status: 'waiting' });
    // On a phone the actions wrap: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 800 });
    await page.getByRole('button', { name: 'Assign to me' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('shows a viewer the transcript and the visitor, but no reply box', async () => {
    const tenant = await newTenant({ name: 'Viewer Co' });
    const chat = await leadInConversation(stack.url, tenant.siteKey, { firstName: 'Rauha', email: 'rauha@example.fi' });
    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey, { role: 'viewer' });
    await nav(page)
      .getByRole('link', { name: /^Inbox/ })
      .click();
    await listed(page, 'Rauha').getByRole('link').click();
    await transcript(page).getByText('I need a quote').waitFor();
    expect(page.url()).toContain(encodeURIComponent(chat.conversationId));
    await expect(page.getByRole('complementary', { name: 'Visitor' }).textContent()).resolves.toContain('rauha@example.fi');
    expect(await page.getByLabel('Reply').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send' }).count()).toBe(0);
    for (const name of ['Close', 'Reopen']) expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByLabel('Assign to').count()).toBe(0);
    expect(await page.getByLabel('Online for chat').count()).toBe(0);
    await expect(page.getByRole('region', { name: 'Conversation' }).textContent()).resolves.toContain('Waiting · Assigned to nobody');
    // On a phone the list, transcript and details stack: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('notifies, once asked to, of a conversation that starts waiting, and remembers the choice', async () => {
    const tenant = await newTenant({ name: 'Notify Co' });
    const { page } = await signedIn(browser, stack, tenant.apiKey, { role: 'agent' });
    // The browser's notifications, recorded instead of shown.
    await page.addInitScript(() => {
      const shown: { title: string; body: string }[] = [];
      class Recorded {
        // A browser keeps the permission across reloads; so does this stand-in.
        static permission = sessionStorage.getItem('notify-permission') ?? 'default';
        static requestPermission = async () => {
          sessionStorage.setItem('notify-permission', 'granted');
          Recorded.permission = 'granted';
          return 'granted';
        };
        onclick: (() => void) | null = null;
        constructor(title: string, options: { body?: string } = {}) {
          shown.push({ title, body: options.body ?? '' });
        }
        close() {}
      }
      Object.assign(window, { Notification: Recorded, __shown: shown });
    });
    await open(page, stack, '#/inbox');
    // Only a hash changed: load the document again so the stand-in is in place.
    await page.reload();
    const choice = page.getByLabel('Notify me of new waiting conversations');
    expect(await choice.isChecked()).toBe(false);
    await choice.check();
    await page.reload();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(await page.getByLabel('Notify me of new waiting conversations').isChecked()).toBe(true);

    // As the widget's flow does: the lead first, then a line to a person.
    const visitorId = cid('vis');
    const chat = await conversation(stack.url, tenant.siteKey, visitorId, false);
    await captureInConversation(tenant, visitorId, chat, { firstName: 'Onni', lastName: 'Laine' });
    await visitorSays(stack.url, chat.conversationId, chat.token, 'I need a quote');
    await page.waitForFunction(() => ((window as { __shown?: unknown[] }).__shown ?? []).length > 0, undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => (window as { __shown?: unknown[] }).__shown)).toEqual([{ title: 'Onni Laine is waiting', body: 'I need a quote' }]);
    await listed(page, 'Onni Laine').waitFor();
  });
});
