import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { Stack } from '../local/stack';
import type { ROLES } from '../shared/schemas/accounts';
import { DEFAULT_SETTINGS } from '../shared/schemas/settings';
import { call, cid } from './support/api';

export { cid };
import { newContext } from './support/browser';

/** What a test lead is made of; every part optional. */
export interface LeadInput {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  company?: string;
  /** Start a conversation first: `visitor` also writes a visitor message, `bot-only` just the greeting. */
  conversation?: 'visitor' | 'bot-only';
}

/** A conversation as the widget makes one: started, the bot's greeting, maybe the visitor's reply. */
export async function conversation(base: string, site: string, visitorId: string, withVisitorReply: boolean) {
  const started = await call(base, '/v1/conversations', { body: { site, visitorId, sessionId: cid('ses'), pageUrl: `${base}/demo?utm_source=newsletter` } });
  if (started.status !== 201) throw new Error(`conversation not started: ${started.status} ${started.text}`);
  const token = String(started.json.visitorToken);
  const conversationId = String(started.json.conversationId);
  // The bot may only say lines of the tenant's flow (here the default one).
  const said: ['bot' | 'visitor', string][] = [['bot', DEFAULT_SETTINGS.bot.greeting]];
  if (withVisitorReply) said.push(['visitor', 'I need a quote']);
  for (const [author, text] of said) {
    const res = await call(base, `/v1/conversations/${conversationId}/messages`, {
      body: { id: cid('msg'), author, text, ts: Date.now() },
      headers: { 'x-parley-visitor': token },
    });
    if (res.status !== 201) throw new Error(`message not stored: ${res.status} ${res.text}`);
  }
  return { conversationId, token };
}

/** Captures a lead through the public API, as the widget would; returns its contactId. */
export async function captureLead(base: string, site: string, input: LeadInput): Promise<string> {
  const visitorId = cid('vis');
  const { conversation: kind, ...fields } = input;
  const conv = kind ? await conversation(base, site, visitorId, kind === 'visitor') : undefined;
  const res = await call(base, '/v1/leads', {
    body: { site, visitorId, ...(conv ? { conversationId: conv.conversationId } : {}), fields, answers: [], consent: { marketing: false, text: '' } },
    headers: conv ? { 'x-parley-visitor': conv.token } : {},
  });
  if (res.status !== 201) throw new Error(`lead not captured: ${res.status} ${res.text}`);
  return String(res.json.contactId);
}

/** Calls a customer route with the tenant's secret key. */
export const asOwner = (base: string, apiKey: string, path: string, options: { method?: string; body?: unknown } = {}) =>
  call(base, path, { ...options, headers: { authorization: `Bearer ${apiKey}` } });

/** The password every test person chooses. */
export const PASSWORD = 'correct horse battery';

export type Role = (typeof ROLES)[number];

let people = 0;

/** Invites a new person (unique email) with the tenant's key; the token is the one the invitation link carries. */
export async function invite(base: string, apiKey: string, role: Role = 'owner') {
  const email = `${role}.${Date.now().toString(36)}${(people++).toString(36)}${Math.random().toString(36).slice(2, 8)}@example.fi`;
  const res = await asOwner(base, apiKey, '/v1/users', { body: { email, role } });
  if (res.status !== 201) throw new Error(`not invited: ${res.status} ${res.text}`);
  const inviteUrl = String(res.json.inviteUrl);
  const token = new URL(inviteUrl).searchParams.get('token') ?? '';
  return { email, role, userId: String(res.json.userId), inviteUrl, token };
}

/** Invites and accepts over the API: a person with a password, not signed in anywhere. */
export async function person(base: string, apiKey: string, role: Role = 'owner', name = `Test ${role}`) {
  const invited = await invite(base, apiKey, role);
  const res = await call(base, '/v1/auth/accept', { body: { token: invited.token, password: PASSWORD, name } });
  if (res.status !== 200) throw new Error(`invitation not accepted: ${res.status} ${res.text}`);
  return { ...invited, name };
}

/** Opens an invitation link in the tab, as the invited person would, and joins: signed in, on the overview. */
export async function acceptInBrowser(page: Page, stack: Stack, token: string, name: string): Promise<void> {
  await page.goto(`${stack.url}/dashboard/#/accept?token=${encodeURIComponent(token)}`);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Choose a password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Join and sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
}

/**
 * A fresh tab where a new person of the tenant (an owner unless `role`
 * says otherwise), invited with the tenant's key, has joined through the
 * invitation page: signed in with the session cookie, on the overview.
 */
export async function signedIn(
  browser: Browser,
  stack: Stack,
  apiKey: string,
  options: { role?: Role; context?: BrowserContextOptions } = {},
): Promise<{ page: Page; pageErrors: Error[]; email: string; userId: string }> {
  const { context, pageErrors } = await newContext(browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options.context });
  // A step that cannot happen fails with what it waited for, well before the test's own timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  const invited = await invite(stack.url, apiKey, options.role);
  await acceptInBrowser(page, stack, invited.token, `Test ${invited.role}`);
  return { page, pageErrors, email: invited.email, userId: invited.userId };
}

/** Opens a dashboard route in the signed-in tab (the session cookie belongs to the browser context). */
export async function open(page: Page, stack: Stack, route: string): Promise<void> {
  await page.goto(`${stack.url}/dashboard/${route}`);
}

/** A lead captured inside a conversation that the visitor is still in: its ids and the visitor's token, to say more. */
export async function leadInConversation(base: string, site: string, fields: Omit<LeadInput, 'conversation'>) {
  const visitorId = cid('vis');
  const conv = await conversation(base, site, visitorId, true);
  const res = await call(base, '/v1/leads', {
    body: { site, visitorId, conversationId: conv.conversationId, fields, answers: [], consent: { marketing: false, text: '' } },
    headers: { 'x-parley-visitor': conv.token },
  });
  if (res.status !== 201) throw new Error(`lead not captured: ${res.status} ${res.text}`);
  return { ...conv, contactId: String(res.json.contactId) };
}

/** The visitor writes in their conversation, as the widget does. */
export async function visitorSays(base: string, conversationId: string, token: string, text: string): Promise<void> {
  const res = await call(base, `/v1/conversations/${conversationId}/messages`, {
    body: { id: cid('msg'), author: 'visitor', text, ts: Date.now() },
    headers: { 'x-parley-visitor': token },
  });
  if (res.status !== 201) throw new Error(`message not stored: ${res.status} ${res.text}`);
}
