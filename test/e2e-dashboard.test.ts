import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../local/stack';
import { LEAD_COLUMNS } from '../shared/schemas/exports';
import { DEFAULT_SETTINGS } from '../shared/schemas/settings';
import { call, cid } from './support/api';
import { connectBrowser, newContext, startProduct } from './support/browser';

let stack: Stack;
let browser: Browser;
let page: Page;
let pageErrors: Error[];
const SCREENSHOTS = process.env.PARLEY_SCREENSHOTS === '1';
const nav = (p: Page) => p.getByRole('navigation', { name: 'Sections' });

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

async function lead(name: string, email: string) {
  const site = stack.demo.siteKey;
  const visitorId = cid('vis');
  const conv = await call(stack.url, '/v1/conversations', {
    body: { site, visitorId, sessionId: cid('ses'), pageUrl: `${stack.url}/demo?utm_source=newsletter` },
  });
  const token = String(conv.json.visitorToken);
  const conversationId = String(conv.json.conversationId);
  for (const [author, text] of [
    ['bot', DEFAULT_SETTINGS.bot.greeting],
    ['visitor', `I am ${name} and I need a quote`],
  ] as const) {
    await call(stack.url, `/v1/conversations/${conversationId}/messages`, {
      body: { id: cid('msg'), author, text, ts: Date.now() },
      headers: { 'x-parley-visitor': token },
    });
  }
  const res = await call(stack.url, '/v1/leads', {
    body: {
      site,
      visitorId,
      conversationId,
      fields: { firstName: name, email, company: 'Acme Oy' },
      answers: [{ question: 'What can we help you with?', answer: HOSTILE }],
      consent: { marketing: true, text: 'News by email?' },
    },
    headers: { 'x-parley-visitor': token },
  });
  return String(res.json.contactId);
}

beforeAll(async () => {
  stack = await startProduct();
  browser = await connectBrowser();
  const ctx = await newContext(browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  pageErrors = ctx.pageErrors;
  page = await ctx.context.newPage();
  page.on('dialog', (d) => void d.accept());
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the owner dashboard in Chromium', () => {
  it('signs the demo owner in with email and password, lists a new lead, shows its transcript and keeps hostile text inert', async () => {
    const contactId = await lead('Helmi', 'helmi@example.fi');
    await page.goto(`${stack.url}/dashboard/`);
    await page.getByLabel('Email').fill(stack.demo.ownerEmail);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That email and password do not match an account.' }).waitFor();
    await page.getByLabel('Password').fill(stack.demo.ownerPassword ?? '');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    // The session is an HttpOnly cookie: page scripts can neither read it nor find a key anywhere.
    expect(await page.evaluate(() => ({ cookie: document.cookie, session: Object.keys(sessionStorage), local: Object.keys(localStorage) }))).toEqual({
      cookie: '',
      session: [],
      local: [],
    });
    expect((await page.context().cookies()).map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([
      { name: 'parley_session', httpOnly: true, sameSite: 'Lax' },
    ]);
    if (SCREENSHOTS) await page.screenshot({ path: 'docs/dashboard-overview.png' });

    await nav(page).getByRole('link', { name: 'Leads' }).click();
    await page.getByRole('link', { name: 'Helmi' }).click();
    await page.getByRole('heading', { name: 'Helmi' }).waitFor();
    expect(page.url()).toContain(encodeURIComponent(contactId));
    await page.getByText('I am Helmi and I need a quote').waitFor();
    await page.getByText(HOSTILE).waitFor();
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    if (SCREENSHOTS) await page.screenshot({ path: 'docs/dashboard-lead.png', fullPage: true });
  });

  it('downloads the lead list as CSV with the SPEC header, marked UTF-8 for Excel', async () => {
    await page.goto(`${stack.url}/dashboard/#/leads`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const file = join(mkdtempSync(join(tmpdir(), 'parley-dl-')), 'leads.csv');
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\r\n')[0]).toBe(`\uFEFF${LEAD_COLUMNS.join(',')}`);
    expect(download.suggestedFilename()).toMatch(/^parley-leads-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it('has a favicon, so no page asks for a missing one', async () => {
    const missing: string[] = [];
    const icons: (string | null)[] = [];
    const { context } = await newContext(browser);
    const tab = await context.newPage();
    tab.on('response', (r) => r.status() === 404 && missing.push(new URL(r.url()).pathname));
    for (const path of ['/dashboard/', `/dashboard/preview.html?site=${stack.demo.siteKey}`]) {
      await tab.goto(`${stack.url}${path}`, { waitUntil: 'networkidle' });
      icons.push(await tab.evaluate(() => document.querySelector('link[rel~="icon"]')?.getAttribute('href') ?? null));
    }
    await context.close();
    expect(missing).toEqual([]);
    expect(icons).toEqual([expect.stringMatching(/^data:image\/svg\+xml,/), expect.stringMatching(/^data:image\/svg\+xml,/)]);
  });

  it('saves a settings change that shows in the widget config and the live preview', async () => {
    await page.goto(`${stack.url}/dashboard/#/settings`);
    // The bot flow names lead fields as the owner reads them.
    const collects = page.getByLabel('Collects').first();
    await expect(collects.locator('option:checked').textContent()).resolves.toBe('First name');
    expect(await collects.locator('option').allTextContents()).toEqual(['A free answer', 'First name', 'Last name', 'Email', 'Phone', 'Company']);
    await page.getByLabel('Side').selectOption('left');
    await page.getByLabel('Greeting').fill('Moi! Welcome to the preview.');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const config = await call(stack.url, `/v1/widget/config?site=${stack.demo.siteKey}`);
    expect(config.json).toMatchObject({ theme: { side: 'left' }, bot: { greeting: 'Moi! Welcome to the preview.' } });

    await page.goto(`${stack.url}/dashboard/#/install`);
    await page.getByText(`data-site="${stack.demo.siteKey}"`).waitFor();
    const preview = page.frameLocator('iframe[title="Widget preview"]');
    await page.locator('iframe[title="Widget preview"]').scrollIntoViewIfNeeded();
    const launcher = preview.getByRole('button', { name: /chat/i });
    await launcher.waitFor({ timeout: 15_000 });
    const box = await launcher.boundingBox();
    expect(box!.x).toBeLessThan(200);
    await launcher.click();
    await preview.getByText('Moi! Welcome to the preview.').waitFor({ timeout: 15_000 });
  });

  it('erases a lead, shows the deletion receipt, and the lead is gone', async () => {
    const contactId = await lead('Eero', 'eero@example.fi');
    await page.goto(`${stack.url}/dashboard/#/leads/${encodeURIComponent(contactId)}`);
    await page.getByRole('heading', { name: 'Eero' }).waitFor();
    await page.getByRole('button', { name: 'Erase' }).click();
    await page.getByRole('heading', { name: 'Lead erased' }).waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Deletion receipt rcpt_/);
    expect((await call(stack.url, `/v1/contacts/${contactId}`, { headers: { authorization: `Bearer ${stack.demo.apiKey}` } })).status).toBe(404);
    await page.goto(`${stack.url}/dashboard/#/leads`);
    await page.getByRole('link', { name: 'Helmi' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Eero' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('works at a phone width: no page wider than the screen, a one-line header', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    const routes = [
      ['#/leads', page.getByRole('link', { name: 'Helmi' }).first()],
      ['#/settings', page.getByRole('button', { name: 'Save settings' })],
      ['#/', page.getByRole('heading', { name: 'Latest leads' })],
      ['#/conversations', page.getByRole('heading', { name: 'Conversations' })],
      ['#/install', page.getByRole('button', { name: 'Copy tag' })],
    ] as const;
    const measured: { route: string; overflow: number; headerOver64: boolean }[] = [];
    for (const [route, ready] of routes) {
      await page.goto(`${stack.url}/dashboard/${route}`);
      await ready.waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      const header = await page.locator('.shell > header').boundingBox();
      measured.push({ route, overflow, headerOver64: header!.height > 64 });
    }
    expect(measured).toEqual(routes.map(([route]) => ({ route, overflow: 0, headerOver64: false })));
    // The sections scroll sideways; the current one is kept in sight.
    const current = await nav(page).locator('[aria-current="page"]').boundingBox();
    expect(current!.x + current!.width).toBeLessThanOrEqual(390);
    await nav(page).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
  });
});
