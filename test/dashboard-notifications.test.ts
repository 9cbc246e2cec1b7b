import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Stack } from '../local/stack';
import { captureLead, open, signedIn } from './dashboard-fixtures';
import { call, newTenant } from './support/api';
import { useProduct } from './support/browser';
import { waitForMail } from './support/caught-mail';

let stack: Stack;
let browser: Browser;

useProduct((s, b) => {
  stack = s;
  browser = b;
});

describe('mail choices and alerts in the dashboard, in Chromium', () => {
  it('lets a person choose what they are mailed about, and mails them accordingly', async () => {
    const tenant = await newTenant({ name: 'Mail Choice Oy' });
    const { page, pageErrors, email } = await signedIn(browser, stack, tenant.apiKey, { role: 'admin' });
    await open(page, stack, '#/account');
    const choices = page.getByRole('group', { name: 'Mail me about' });
    const newLead = choices.getByRole('checkbox', { name: /Each new lead/ });
    const alerts = choices.getByRole('checkbox', { name: /alerts/ });
    // An admin's defaults: alerts and waiting visitors, nothing else.
    expect(await newLead.isChecked()).toBe(false);
    expect(await alerts.isChecked()).toBe(true);
    expect(await choices.getByRole('checkbox', { name: /visitor waiting/ }).isChecked()).toBe(true);

    await newLead.check();
    await alerts.uncheck();
    await page.getByRole('button', { name: 'Save mail choices' }).click();
    await page.getByRole('form', { name: 'Mail' }).getByRole('status').getByText('Saved.').waitFor();
    await page.reload();
    await choices.waitFor();
    expect(await newLead.isChecked()).toBe(true);
    expect(await alerts.isChecked()).toBe(false);

    await captureLead(stack.url, tenant.siteKey, { firstName: 'Maija', company: 'Kauppa' });
    const mail = await waitForMail((m) => m.to.includes(email) && m.subject.startsWith('New lead'), 10_000);
    expect(mail.subject).toBe('New lead: Maija (Kauppa)');
    expect(pageErrors).toEqual([]);
  });

  it('sets, changes and turns off the team’s alerts under Settings; a viewer is not offered waiting visitors', async () => {
    const tenant = await newTenant({ name: 'Alert Form Oy' });
    const rules = async () => (await call(stack.url, '/v1/alerts', { method: 'GET', headers: { authorization: `Bearer ${tenant.apiKey}` } })).json;
    const { page, pageErrors } = await signedIn(browser, stack, tenant.apiKey);
    await open(page, stack, '#/settings');
    const form = page.getByRole('form', { name: 'Alerts' });
    const hourly = form.getByLabel('When an hour brings more leads than');
    const erasures = form.getByLabel('When a day brings more erasures than');
    expect(await hourly.inputValue()).toBe('');

    await hourly.fill('25');
    await erasures.fill('3');
    await form.getByRole('button', { name: 'Save alerts' }).click();
    await form.getByRole('status').getByText('Saved.').waitFor();
    expect(await rules()).toEqual({ minLeadsPerDay: null, maxLeadsPerHour: 25, maxErasuresPerDay: 3 });

    await page.reload();
    await hourly.waitFor();
    expect(await hourly.inputValue()).toBe('25');
    await hourly.fill('');
    await form.getByRole('button', { name: 'Save alerts' }).click();
    await form.getByRole('status').getByText('Saved.').waitFor();
    expect(await rules()).toEqual({ minLeadsPerDay: null, maxLeadsPerHour: null, maxErasuresPerDay: 3 });
    expect(pageErrors).toEqual([]);

    const viewer = await signedIn(browser, stack, tenant.apiKey, { role: 'viewer' });
    await open(viewer.page, stack, '#/account');
    const choices = viewer.page.getByRole('group', { name: 'Mail me about' });
    await choices.getByRole('checkbox', { name: /Each new lead/ }).waitFor();
    expect(await choices.getByRole('checkbox', { name: /visitor waiting/ }).count()).toBe(0);
    expect(viewer.pageErrors).toEqual([]);
  });
});
