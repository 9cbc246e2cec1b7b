import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import type { Stack } from '../local/stack';
import { open, signedIn } from './dashboard-fixtures';
import { call, newTenant } from './support/api';
import { connectBrowser, startProduct } from './support/browser';

let stack: Stack;
let browser: Browser;
let tenant: CreatedTenant;
beforeAll(async () => {
  [stack, browser, tenant] = await Promise.all([startProduct(), connectBrowser(), newTenant({ name: 'Bots Co' })]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const liveBots = async () =>
  (await call(stack.url, `/v1/widget/config?site=${tenant.siteKey}`)).json.bots as {
    id: string;
    version: number;
    flow: { nodes: { text?: Record<string, string> }[] };
  }[];

describe('the bots page in Chromium', () => {
  it('builds, translates side by side, checks, previews without storing, publishes and rolls back a bot', async () => {
    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey);
    await open(page, stack, '#/bots');
    await page.getByRole('button', { name: 'New bot' }).click();
    await page.getByRole('status').getByText('ready to publish').waitFor();

    // Translations side by side: add Finnish and translate the greeting.
    await page.getByRole('combobox', { name: 'Add a language' }).selectOption('fi');
    await page.getByRole('textbox', { name: 'hi (message), fi' }).fill('Hei! Voinko auttaa?');
    expect(await page.getByRole('textbox', { name: 'hi (message), en' }).inputValue()).toBe('Hi! Can I help?');

    // A step that leads nowhere: refused before publishing, and Publish is off.
    const json = page.getByRole('textbox', { name: /Flow, targeting and trigger/ });
    const good = await json.inputValue();
    await json.fill(good.replace('"next": "topic"', '"next": "nowhere"'));
    await page.getByRole('alert', { name: 'Problems' }).getByText('node "hi" leads to "nowhere", which does not exist').waitFor();
    expect(await page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
    await json.fill(good);

    // The preview runs the flow here; nothing reaches the API.
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    const preview = page.getByRole('group', { name: 'Preview (stores nothing)' });
    await preview.getByRole('button', { name: 'Pricing' }).click();
    await preview.getByRole('textbox', { name: 'Answer' }).fill('anna@example.com');
    await preview.getByRole('button', { name: 'Answer' }).click();
    expect(await preview.getByRole('list', { name: 'Preview transcript' }).getByRole('listitem').allTextContents()).toEqual([
      'Hi! Can I help?',
      'What brings you here?',
      'Pricing',
      'Which email can we reach you at?',
      'anna@example.com',
      'Thanks!',
    ]);
    await preview.getByText('Score 30 · ended').waitFor();
    expect(requests.filter((r) => !r.startsWith('GET'))).toEqual([]);

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Publishing: done. Runs version 1.').waitFor();
    expect((await liveBots())[0]?.flow.nodes[0]?.text).toEqual({ en: 'Hi! Can I help?', fi: 'Hei! Voinko auttaa?' });
    await page.getByRole('table', { name: 'A/B figures' }).waitFor();

    await page.getByRole('textbox', { name: 'hi (message), en' }).fill('Hello again!');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Publishing: done. Runs version 2.').waitFor();
    expect((await liveBots())[0]).toMatchObject({ version: 2 });
    await page.getByRole('button', { name: 'Roll back' }).click();
    await page.getByText('Rolling back: done. Runs version 1.').waitFor();
    expect((await liveBots())[0]?.version).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
