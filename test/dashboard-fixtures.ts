import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { Stack } from '../local/stack';
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

/** A fresh tab signed in to the dashboard with this key, on the overview. */
export async function signedIn(
  browser: Browser,
  stack: Stack,
  apiKey: string,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; pageErrors: Error[] }> {
  const { context, pageErrors } = await newContext(browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options });
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${stack.url}/dashboard/`);
  await page.getByLabel('Secret API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  return { page, pageErrors };
}

/** Opens a dashboard route in the signed-in tab (the key stays in the tab's sessionStorage). */
export async function open(page: Page, stack: Stack, route: string): Promise<void> {
  await page.goto(`${stack.url}/dashboard/${route}`);
}
