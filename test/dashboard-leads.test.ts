import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Stack } from '../local/stack';
import { LEAD_COLUMNS } from '../shared/schemas/exports';
import { asOwner, captureLead, open, signedIn } from './dashboard-fixtures';
import { newTenant } from './support/api';
import { useProduct } from './support/browser';

let stack: Stack;
let browser: Browser;

useProduct((s, b) => {
  stack = s;
  browser = b;
});

const DATED = (ext: string) => new RegExp(`^parley-leads-\\d{4}-\\d{2}-\\d{2}\\.${ext}$`);

/** The names in the lead table, top to bottom. */
const listedNames = (page: Page) => page.locator('tbody tr td:nth-child(2) a').allTextContents();

async function saved(download: Download): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'parley-dl-')), download.suggestedFilename());
  await download.saveAs(file);
  return readFileSync(file, 'utf8');
}

/** Opens the "More formats" menu unless it is open. */
async function openMenu(page: Page): Promise<void> {
  if (!(await page.locator('details.menu').evaluate((d) => (d as HTMLDetailsElement).open))) await page.getByText('More formats').click();
}

async function exportVia(page: Page, button: string, fromMenu: boolean): Promise<Download> {
  if (fromMenu) await openMenu(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return download;
}

describe('the lead list in Chromium', () => {
  it('keeps a restricted lead listed and searchable, marked Restricted', async () => {
    const tenant = await newTenant({ name: 'Restrict Co' });
    const rita = await captureLead(stack.url, tenant.siteKey, { firstName: 'Rita', email: 'rita@example.fi' });
    await captureLead(stack.url, tenant.siteKey, { firstName: 'Olli', email: 'olli@example.fi' });
    expect((await asOwner(stack.url, tenant.apiKey, `/v1/contacts/${rita}`, { method: 'PATCH', body: { restricted: true } })).status).toBe(200);

    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey);
    await open(page, stack, '#/leads');
    const ritaRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Rita' }) });
    await ritaRow.waitFor();
    await expect(ritaRow.textContent()).resolves.toContain('Restricted');
    await expect(
      page
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: 'Olli' }) })
        .textContent(),
    ).resolves.not.toContain('Restricted');

    await page.getByLabel('Search').fill('RITA@example');
    await page.getByText('Page 1 of 1 · 1 lead', { exact: true }).waitFor();
    expect(await listedNames(page)).toEqual(['Rita']);
    await expect(ritaRow.textContent()).resolves.toContain('Restricted');
    expect(pageErrors).toEqual([]);
  });

  it('tells a failed load (with Retry) from an empty search and from a tenant with no leads', async () => {
    const tenant = await newTenant({ name: 'Empty Co' });
    const { page } = await signedIn(browser, stack, tenant.apiKey);
    await open(page, stack, '#/leads');
    await page.getByText('No leads yet.').waitFor();

    await captureLead(stack.url, tenant.siteKey, { firstName: 'Aada', email: 'aada@example.fi' });
    const failing = '**/v1/leads?**';
    await page.route(failing, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'service_unavailable', message: 'Briefly unavailable' } }),
      }),
    );
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'Could not load the leads' }).waitFor();
    expect(await page.getByText('No leads yet.').count()).toBe(0);
    await page.unroute(failing);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('link', { name: 'Aada' }).waitFor();

    await page.getByLabel('Search').fill('nobody-here');
    await page.getByText('No leads match “nobody-here”.').waitFor();
    expect(await page.getByText('No leads yet.').count()).toBe(0);

    await page.route('**/v1/conversations?**', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"x"}}' }),
    );
    await open(page, stack, '#/conversations');
    await page.getByRole('alert').filter({ hasText: 'Could not load the conversations' }).waitFor();
    expect(await page.getByText('No conversations yet.').count()).toBe(0);
    await page.unrouteAll();
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('No conversations yet.').waitFor();
  });

  it('sorts names in the owner’s language order, counts in words, and keeps search and sort in the URL across Back', async () => {
    const tenant = await newTenant({ name: 'Sort Co' });
    for (const firstName of ['Zoë', 'Émilie', 'adam']) await captureLead(stack.url, tenant.siteKey, { firstName, company: 'Sortable Oy' });
    await captureLead(stack.url, tenant.siteKey, { firstName: 'Other', company: 'Elsewhere Ab' });
    const { page } = await signedIn(browser, stack, tenant.apiKey);
    await open(page, stack, '#/leads');
    await page.getByText('Page 1 of 1 · 4 leads', { exact: true }).waitFor();

    await page.getByLabel('Search').fill('sortable');
    await page.getByText('Page 1 of 1 · 3 leads', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Name' }).click();
    expect(await listedNames(page)).toEqual(['adam', 'Émilie', 'Zoë']);
    await page.getByRole('button', { name: 'Name' }).click();
    expect(await listedNames(page)).toEqual(['Zoë', 'Émilie', 'adam']);
    expect(await page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('descending');

    await page.getByRole('link', { name: 'Émilie' }).click();
    await page.getByRole('heading', { name: 'Émilie' }).waitFor();
    await page.goBack();
    await page.getByRole('link', { name: 'Zoë' }).waitFor();
    await expect(page.getByLabel('Search').inputValue()).resolves.toBe('sortable');
    expect(await listedNames(page)).toEqual(['Zoë', 'Émilie', 'adam']);

    // Accent-insensitive search, and the singular.
    await page.getByLabel('Search').fill('zoe');
    await page.getByText('Page 1 of 1 · 1 lead', { exact: true }).waitFor();
    expect(await listedNames(page)).toEqual(['Zoë']);
  });

  it('exports what the list shows, every page: JSON as one dated array, CSV with a byte order mark unless turned off', async () => {
    const tenant = await newTenant({ name: 'Export Co' });
    // Past one API page (1,000), so the export must follow nextCursor.
    const BULK = 1_010;
    const queue = Array.from({ length: BULK }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          await captureLead(stack.url, tenant.siteKey, { firstName: `Bulk ${String(i).padStart(4, '0')}`, company: 'Bulkhaus GmbH' });
        }
      }),
    );
    await captureLead(stack.url, tenant.siteKey, { firstName: 'Jürgen', lastName: 'Łukasz', email: 'jurgen@example.de', company: 'Kühne Ä Ö' });
    await captureLead(stack.url, tenant.siteKey, { firstName: 'Other', company: 'Other Ab' });

    const { page } = await signedIn(browser, stack, tenant.apiKey);
    await open(page, stack, '#/leads?q=bulkhaus');
    await page.getByText(`Page 1 of 41 · 1,010 leads`, { exact: true }).waitFor();
    // The page number is part of the URL too: Back from a lead returns to it.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Page 2 of 41', { exact: false }).waitFor();
    await page.locator('tbody a').first().click();
    await page.getByRole('link', { name: '← Leads' }).waitFor();
    await page.goBack();
    await page.getByText(`Page 2 of 41 · 1,010 leads`, { exact: true }).waitFor();

    const json = await exportVia(page, 'JSON', true);
    expect(json.suggestedFilename()).toMatch(DATED('json'));
    const rows = JSON.parse(await saved(json)) as { firstName: string; company: string }[];
    expect(Array.isArray(rows)).toBe(true);
    expect(rows).toHaveLength(BULK);
    expect(new Set(rows.map((r) => r.firstName)).size).toBe(BULK);
    expect(rows.every((r) => r.company === 'Bulkhaus GmbH')).toBe(true);

    // ł has no accent to strip: list and export fold it alike.
    await page.getByLabel('Search').fill('lukasz');
    await page.getByText('Page 1 of 1 · 1 lead', { exact: true }).waitFor();
    const csv = await exportVia(page, 'Export CSV', false);
    expect(csv.suggestedFilename()).toMatch(DATED('csv'));
    const text = await saved(csv);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(LEAD_COLUMNS.join(','));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Jürgen,Łukasz,jurgen@example.de');

    await openMenu(page);
    await page.getByLabel('CSV for Excel (UTF-8 byte order mark)').uncheck();
    const plain = await saved(await exportVia(page, 'Export CSV', false));
    expect(plain.startsWith(LEAD_COLUMNS.join(','))).toBe(true);
    expect(plain.split('\r\n').filter(Boolean)).toHaveLength(2);

    const xlsx = await exportVia(page, 'Excel (XLSX)', true);
    expect(xlsx.suggestedFilename()).toMatch(DATED('xlsx'));
  }, 120_000);

  it('checks a correction beside the field with the API’s own messages, and puts the API’s refusals beside their fields', async () => {
    const tenant = await newTenant({ name: 'Correct Co' });
    const kaisa = await captureLead(stack.url, tenant.siteKey, { firstName: 'Kaisa', email: 'kaisa@example.fi' });
    const { page } = await signedIn(browser, stack, tenant.apiKey);
    const dialogs: string[] = [];
    page.on('dialog', (d) => dialogs.push(d.message()));
    const patches: string[] = [];
    page.on('request', (r) => r.method() === 'PATCH' && patches.push(r.url()));
    await open(page, stack, `#/leads/${encodeURIComponent(kaisa)}`);
    await page.getByRole('heading', { name: 'Kaisa' }).waitFor();
    await page.getByRole('button', { name: 'Correct' }).click();

    const email = page.getByRole('textbox', { name: 'Email' });
    const problemOf = (field: typeof email) => field.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? null);
    await email.fill('kaisa@');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Email must be an email address.').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    await expect(problemOf(email)).resolves.toBe('Email must be an email address.');
    expect(patches).toEqual([]);

    // What the API refuses lands beside the field too (here: a refusal the form could not foresee).
    const phone = page.getByRole('textbox', { name: 'Phone' });
    await email.fill('kaisa.k@example.fi');
    await phone.fill('+358 40 123 4567');
    await page.route('**/v1/contacts/**', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({
              error: { code: 'invalid_request', message: 'The body is invalid', issues: [{ path: 'fields.phone', message: 'is not reachable' }] },
            }),
          })
        : route.continue(),
    );
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Phone is not reachable.').waitFor();
    await expect(problemOf(phone)).resolves.toBe('Phone is not reachable.');
    expect(await email.getAttribute('aria-invalid')).toBeNull();
    await page.unrouteAll();

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('kaisa.k@example.fi').waitFor();
    expect(dialogs).toEqual([]);
    const stored = await asOwner(stack.url, tenant.apiKey, `/v1/contacts/${kaisa}`);
    expect(stored.json.contact).toMatchObject({ email: 'kaisa.k@example.fi', phone: '+358 40 123 4567' });
  });
});
