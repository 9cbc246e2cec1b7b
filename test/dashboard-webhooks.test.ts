import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Stack } from '../local/stack';
import { captureLead, signedIn } from './dashboard-fixtures';
import { newTenant } from './support/api';
import { useProduct } from './support/browser';
import { startReceiver, until, verify } from './support/webhook-receiver';

let stack: Stack;
let browser: Browser;

useProduct((s, b) => {
  stack = s;
  browser = b;
});

describe('webhooks in the dashboard, in Chromium', () => {
  it('adds an endpoint (secret shown once), sends a test, shows the delivery log, redelivers and turns it off', async () => {
    const tenant = await newTenant({ name: 'Hook Co' });
    const receiver = await startReceiver();
    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();

    await page.getByLabel('URL').fill(receiver.url);
    await page.getByRole('checkbox', { name: /conversation\.started/ }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = await page.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    const row = page.getByRole('row', { name: new RegExp(receiver.url) });
    await expect.poll(() => row.getByRole('cell').nth(1).textContent()).toBe('lead.created, conversation.started');

    await page.getByRole('button', { name: `Send a test event to ${receiver.url}` }).click();
    await page.getByText('Test event delivered (200).').waitFor();
    expect(verify(secret, receiver.received[0]!)).toMatchObject({ type: 'webhook.test' });
    // A reload shows the secret no more.
    await page.reload();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    expect(await page.getByLabel('Signing secret').count()).toBe(0);

    await captureLead(stack.url, tenant.siteKey, { firstName: 'Dora' });
    await until(() => receiver.received.some((r) => r.json.type === 'lead.created'), 'lead.created');
    await page.getByRole('button', { name: `Deliveries to ${receiver.url}` }).click();
    const log = page.getByRole('region', { name: `Deliveries to ${receiver.url}` });
    await log.getByRole('button', { name: 'Refresh' }).click();
    const delivered = log.getByRole('row', { name: /lead\.created/ });
    await expect.poll(() => delivered.textContent()).toMatch(/Delivered.*200/);
    await delivered.getByRole('button', { name: /Redeliver lead\.created/ }).click();
    await until(() => receiver.received.filter((r) => r.json.type === 'lead.created').length === 2, 'the redelivery');

    await page.getByRole('button', { name: `Turn off ${receiver.url}` }).click();
    await expect.poll(() => row.getByRole('cell').nth(2).textContent()).toBe('Off');
    expect(pageErrors).toEqual([]);
    await receiver.close();
  });
});
