import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Stack } from '../local/stack';
import { leadInConversation, open, signedIn, visitorSays } from './dashboard-fixtures';
import { newTenant } from './support/api';
import { newContext, useProduct } from './support/browser';

let stack: Stack;
let browser: Browser;

useProduct((s, b) => {
  stack = s;
  browser = b;
});

/** WCAG 2.0/2.1 A and AA rules, as axe-core checks the page as it stands: each violation as `rule: targets`. */
async function violations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  const { violations } = await (include ? builder.include(include) : builder).analyze();
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** A page is checked once it has its heading and nothing is still loading. */
async function settled(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
}

describe('accessibility, checked by axe-core in Chromium', () => {
  it('finds no WCAG 2.1 AA violation on the sign-in page or any dashboard section of an owner with data', async () => {
    const tenant = await newTenant({ name: 'Axe Oy' });
    const lead = await leadInConversation(stack.url, tenant.siteKey, { firstName: 'Aada', email: 'aada@example.fi' });
    await visitorSays(stack.url, lead.conversationId, lead.token, 'Can someone call me?');

    const { context } = await newContext(browser);
    const signedOut = await context.newPage();
    await open(signedOut, stack, '#/');
    await signedOut
      .getByRole('button', { name: /sign in/i })
      .first()
      .waitFor();
    const found: Record<string, string[]> = { 'sign-in': await violations(signedOut) };

    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey);
    const sections = [
      '#/',
      '#/inbox',
      '#/leads',
      '#/conversations',
      '#/bots',
      '#/install',
      '#/settings',
      '#/team',
      '#/keys',
      '#/webhooks',
      '#/audit',
      '#/account',
    ];
    const views = [`#/leads/${lead.contactId}`, `#/inbox/${lead.conversationId}`, `#/conversations/${lead.conversationId}`];
    for (const href of [...sections, ...views]) {
      await open(page, stack, href);
      await settled(page);
      found[href] = await violations(page);
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));

    // The check sees what it should: a field without a label, planted on the last page, is reported.
    await page.evaluate(() => document.querySelector('main, body')?.append(Object.assign(document.createElement('input'), { type: 'text' })));
    expect((await violations(page)).join('\n')).toMatch(/^label: /m);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('finds no WCAG 2.1 AA violation in the widget, closed and with the chat open, inside its shadow root', async () => {
    const { context, pageErrors } = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${stack.url}/demo`);
    const widget = page.locator('[data-parley]');
    const launcher = widget.getByRole('button', { name: /chat/i }).first();
    await launcher.waitFor();
    expect(await violations(page, '[data-parley]')).toEqual([]);
    await launcher.click();
    await widget.getByRole('dialog').waitFor();
    await widget.getByRole('textbox').first().waitFor();
    expect(await violations(page, '[data-parley]')).toEqual([]);

    // A nameless button planted in the panel's shadow root is reported, so the check reaches inside it.
    await page.evaluate(() => document.querySelector('[data-parley]')?.shadowRoot?.querySelector('[role="dialog"]')?.append(document.createElement('button')));
    expect((await violations(page, '[data-parley]')).join('\n')).toMatch(/^button-name: /m);
    expect(pageErrors).toEqual([]);
  });

  it('finds no WCAG 2.1 AA violation in the widget speaking Arabic, right to left, on a customer’s page', async () => {
    const tenant = await newTenant({ name: 'Axe RTL' });
    const { context, pageErrors } = await newContext(browser);
    await context.route(
      (url) => url.origin === new URL(stack.url).origin && url.pathname === '/shop',
      (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><html lang="ar" dir="rtl"><head><title>متجر</title></head><body><main><h1>متجر</h1></main><script async src="${stack.url}/parley.js" data-site="${tenant.siteKey}" data-api="${stack.url}"></script></body></html>`,
        }),
    );
    const page = await context.newPage();
    await page.goto(`${stack.url}/shop`);
    const widget = page.locator('[data-parley]');
    await widget.getByRole('button', { name: 'فتح المحادثة' }).click();
    const dialog = widget.getByRole('dialog');
    await dialog.getByRole('textbox').first().waitFor();
    expect(await dialog.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await violations(page, '[data-parley]')).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
