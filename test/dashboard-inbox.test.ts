import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import type { Stack } from '../local/stack';
import type { ConversationRow } from '../shared/schemas/exports';
import { asOwner, conversation, leadInConversation, open, signedIn, visitorSays } from './dashboard-fixtures';
import { cid, newTenant } from './support/api';
import { connectBrowser, startProduct } from './support/browser';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startProduct(), connectBrowser()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
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
    await expect(page.locator('.conversations li').count()).resolves.toBe(2);
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

    await page.getByText('No one is waiting for an answer.').waitFor();
    await nav(page).getByRole('link', { name: 'Inbox', exact: true }).waitFor();

    await visitorSays(stack.url, chat.conversationId, chat.token, `A quote for 40 seats ${HOSTILE}`);
    await transcript(page).getByText(`A quote for 40 seats ${HOSTILE}`).waitFor();
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    // The open transcript tells the list at once: waiting again.
    await listed(page, 'Helmi Virtanen').getByText('Visitor: A quote for 40 seats').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('keeps a reply that failed on screen with the reason; Retry stores it once', async () => {
    const tenant = await newTenant({ name: 'Retry Co' });
    const chat = await leadInConversation(stack.url, tenant.siteKey, { email: 'eero@example.fi' });
    const { page } = await signedIn(browser, stack, tenant.apiKey, { role: 'agent' });
    await open(page, stack, `#/inbox/${encodeURIComponent(chat.conversationId)}`);
    await transcript(page).getByText('I need a quote').waitFor();

    // The first attempt reaches the API but its answer is lost on the way back.
    let attempts = 0;
    await page.route('**/v1/conversations/*/messages', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      attempts++;
      if (attempts > 1) return route.fallback();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByLabel('Reply').fill('Hello Eero');
    await page.getByRole('button', { name: 'Send' }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'Not sent: Parley could not be reached.' });
    await failed.waitFor();
    await failed.getByRole('button', { name: 'Retry' }).click();
    await transcript(page).locator('li.agent').filter({ hasText: 'Hello Eero' }).filter({ hasText: 'Sent' }).waitFor();
    expect(attempts).toBe(2);
    const replies = (await stored(tenant, chat.conversationId))?.messages.filter((m) => m.author === 'agent');
    expect(replies?.map((m) => m.text)).toEqual(['Hello Eero']);
    expect(await transcript(page).getByText('Hello Eero').count()).toBe(1);
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

    await leadInConversation(stack.url, tenant.siteKey, { firstName: 'Onni', lastName: 'Laine' });
    await page.waitForFunction(() => ((window as { __shown?: unknown[] }).__shown ?? []).length > 0, undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => (window as { __shown?: unknown[] }).__shown)).toEqual([{ title: 'Onni Laine is waiting', body: 'I need a quote' }]);
    await listed(page, 'Onni Laine').waitFor();
  });
});
