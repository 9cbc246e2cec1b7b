import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import type { Stack } from '../local/stack';
import { captureLead, cid, conversation, open, signedIn } from './dashboard-fixtures';
import { newTenant, scanTenantData } from './support/api';
import { connectBrowser, startProduct } from './support/browser';

let stack: Stack;
let browser: Browser;
let tenant: CreatedTenant;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startProduct(), connectBrowser()]);
  // Six leads (the sixth from a chat), a chat where the visitor wrote but left no lead, and one the bot opened alone.
  tenant = await newTenant({ name: 'Overview Co' });
  for (let i = 1; i <= 5; i++) {
    await captureLead(stack.url, tenant.siteKey, { firstName: `Lead${i}`, email: `lead${i}@example.fi` });
    await new Promise((r) => setTimeout(r, 5));
  }
  await captureLead(stack.url, tenant.siteKey, { firstName: 'Lead6', lastName: 'Chatter', email: 'lead6@example.fi', conversation: 'visitor' });
  await conversation(stack.url, tenant.siteKey, cid('vis'), true);
  await conversation(stack.url, tenant.siteKey, cid('vis'), false);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the overview and conversations in Chromium', () => {
  it('links its tiles to the filtered lists, lists the five latest leads, and rates only chats the visitor took part in', async () => {
    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey);
    const leadsTile = page.getByRole('link', { name: '6 leads' });
    await leadsTile.waitFor();
    await page.getByRole('link', { name: '3 conversations' }).waitFor();
    // 1 lead from the 2 chats where the visitor wrote; the bot-only chat does not count.
    await page.getByRole('link', { name: /50% became leads \(1 of 2 conversations with a visitor reply\)/ }).waitFor();

    const latest = page.getByRole('list', { name: 'Latest leads' });
    expect(await latest.getByRole('link').allTextContents()).toEqual(['Lead6 Chatter', 'Lead5', 'Lead4', 'Lead3', 'Lead2']);
    await latest.getByRole('link', { name: 'Lead4' }).click();
    await page.getByRole('heading', { name: 'Lead4' }).waitFor();

    await page.goBack();
    await leadsTile.click();
    await page.getByRole('heading', { name: 'Leads' }).waitFor();
    const from = new URLSearchParams(page.url().split('?')[1]).get('from') ?? '';
    expect(from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect(page.getByLabel('From').inputValue()).resolves.toBe(from);
    await page.getByText('Page 1 of 1 · 6 leads', { exact: true }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('names the visitor of each conversation that became a lead and links to the lead', async () => {
    const { page } = await signedIn(browser, stack, tenant.apiKey);
    await open(page, stack, '#/conversations');
    const items = page.getByRole('listitem');
    const withLead = items.filter({ hasText: 'Lead6 Chatter' });
    await withLead.waitFor();
    await expect(withLead.textContent()).resolves.toContain('lead6@example.fi');
    expect(await items.filter({ hasText: 'No lead' }).count()).toBe(2);
    await expect(withLead.getByRole('link').first().textContent()).resolves.toMatch(/· 2 messages$/);
    await withLead.getByRole('link', { name: 'Lead6 Chatter' }).click();
    await page.getByRole('heading', { name: 'Lead6 Chatter' }).waitFor();
  });

  it('lets the owner try the whole bot flow in the install preview without storing anything', async () => {
    const fresh = await newTenant({ name: 'Preview Co' });
    const { page, pageErrors } = await signedIn(browser, stack, fresh.apiKey);
    const sent: Request[] = [];
    page.on('request', (r) => r.url().includes('/v1/') && sent.push(r));
    await open(page, stack, '#/install');
    const preview = page.frameLocator('iframe[title="Widget preview"]');
    // The launcher is fixed to the frame's corner: the whole frame must be on screen to click it.
    await page.locator('iframe[title="Widget preview"]').scrollIntoViewIfNeeded();
    const launcher = preview.getByRole('button', { name: 'Open chat' });
    await launcher.waitFor({ timeout: 15_000 });
    await launcher.click();
    const dialog = preview.getByRole('dialog');
    const log = dialog.getByRole('log');
    const input = dialog.getByRole('textbox');
    for (const [question, answer] of [
      ['What is your first name?', 'Pia'],
      ['Which email can we reach you at?', 'pia@example.fi'],
      ['Which company are you with?', 'Preview Oy'],
      ['What can we help you with?', 'Just trying it out'],
    ] as const) {
      await log.getByText(question).waitFor({ timeout: 15_000 });
      await input.fill(answer);
      await input.press('Enter');
    }
    await log.getByText('May we send you occasional product news').waitFor();
    await dialog.getByRole('button', { name: /yes/i }).first().click();
    await log.getByText('Someone from our team will be in touch soon').waitFor();
    await input.fill('One more question after the thanks');
    await input.press('Enter');
    await log.getByText('One more question after the thanks').waitFor();
    const storage = await page
      .frames()[1]
      ?.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage), cookie: document.cookie }));
    // Leaving the page is when a widget flushes its last events.
    await open(page, stack, '#/');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await new Promise((r) => setTimeout(r, 500));

    const widgetWrites = sent.filter((r) => r.frame() !== page.mainFrame() && !(r.method() === 'GET' && new URL(r.url()).pathname === '/v1/widget/config'));
    expect(widgetWrites.map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual([]);
    // Neither the widget nor the dashboard (whose session is an HttpOnly cookie) kept anything the page can read.
    expect(storage).toEqual({ local: [], session: [], cookie: '' });
    // Nothing in the tenant but the owner's own account, their open inbox's socket and the audit of their reads.
    const stored = (await scanTenantData(fresh.tenantId)).filter(
      (i) => !['audit', 'member', 'invitation', 'signIn', 'agentConnection'].includes(String(i.entity)),
    );
    expect(stored.map((i) => i.entity)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
