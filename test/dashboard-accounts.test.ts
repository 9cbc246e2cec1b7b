import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Stack } from '../local/stack';
import { PASSWORD, acceptInBrowser, asOwner, captureLead, open, person, signedIn } from './dashboard-fixtures';
import { call, newTenant } from './support/api';
import { newContext, useProduct } from './support/browser';

let stack: Stack;
let browser: Browser;

useProduct((s, b) => {
  stack = s;
  browser = b;
});

const nav = (page: Page) => page.getByRole('navigation', { name: 'Sections' });
const navLabels = (page: Page) => nav(page).getByRole('link').allTextContents();
/** The row of a table that holds this text. */
const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

async function freshTab(): Promise<Page> {
  const { context } = await newContext(browser, { viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  return page;
}

async function signInPage(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${stack.url}/dashboard/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('team accounts in the dashboard, in Chromium', () => {
  it('invites from the team page; the invited person joins through the link, is signed in, and shows as a member', async () => {
    const tenant = await newTenant({ name: 'Team Co' });
    const { page: ownerTab } = await signedIn(browser, stack, tenant.apiKey);
    await nav(ownerTab).getByRole('link', { name: 'Team' }).click();
    await ownerTab.getByRole('heading', { name: 'Team' }).waitFor();
    await ownerTab.getByLabel('Email').fill('aino.agent@example.fi');
    await ownerTab.getByLabel('Invite as').selectOption('agent');
    await ownerTab.getByRole('button', { name: 'Invite' }).click();
    const link = await ownerTab.getByLabel('Invitation link').inputValue();
    expect(new URL(link).searchParams.get('token')).toMatch(/^i1\./);
    expect(new URL(link).hash).toBe('#/accept');
    await expect(row(ownerTab, 'aino.agent@example.fi').textContent()).resolves.toContain('Invitation pending');

    const agentTab = await freshTab();
    await agentTab.goto(`${stack.url}/dashboard/${new URL(link).search}#/accept`);
    await agentTab.getByLabel('Your name').fill('Aino Agent');
    await agentTab.getByLabel('Choose a password').fill('too short');
    await agentTab.getByRole('button', { name: 'Join and sign in' }).click();
    await agentTab.getByRole('alert').filter({ hasText: 'The password must be at least 10 characters.' }).waitFor();
    await agentTab.getByLabel('Choose a password').fill(PASSWORD);
    await agentTab.getByRole('button', { name: 'Join and sign in' }).click();
    await agentTab.getByRole('heading', { name: 'Overview' }).waitFor();
    await nav(agentTab).getByRole('link', { name: 'Account' }).click();
    await expect(agentTab.locator('dl.fields').textContent()).resolves.toBe('NameAino AgentEmailaino.agent@example.fiRoleAgent');

    // The link works once.
    const again = await freshTab();
    await again.goto(`${stack.url}/dashboard/${new URL(link).search}#/accept`);
    await again.getByLabel('Your name').fill('Someone else');
    await again.getByLabel('Choose a password').fill(PASSWORD);
    await again.getByRole('button', { name: 'Join and sign in' }).click();
    await again.getByRole('alert').filter({ hasText: 'not valid, was already used or has expired' }).waitFor();

    const users = await asOwner(stack.url, tenant.apiKey, '/v1/users');
    const aino = (users.json.data as { email: string; name: string; role: string; pending?: boolean; userId: string }[]).find(
      (u) => u.email === 'aino.agent@example.fi',
    );
    expect(aino).toMatchObject({ name: 'Aino Agent', role: 'agent' });
    expect(aino?.pending).toBeFalsy();
    await ownerTab.reload();
    await expect(row(ownerTab, 'aino.agent@example.fi').textContent()).resolves.not.toContain('Invitation pending');
  });

  it('says why a team change is refused (the last owner, an admin changing owners), and a removed person is sent back to sign-in', async () => {
    const tenant = await newTenant({ name: 'Refusals Co' });
    const { page: ownerTab, email: ownerEmail } = await signedIn(browser, stack, tenant.apiKey);
    const admin = await person(stack.url, tenant.apiKey, 'admin', 'Ada Admin');
    await open(ownerTab, stack, '#/team');
    await ownerTab.getByLabel(`Role of Test owner`).selectOption('viewer');
    await ownerTab.getByRole('alert').filter({ hasText: 'Not allowed: A team needs an owner' }).waitFor();
    await expect(ownerTab.getByLabel('Role of Test owner').inputValue()).resolves.toBe('owner');

    const adminTab = await freshTab();
    await signInPage(adminTab, admin.email);
    await adminTab.getByRole('heading', { name: 'Overview' }).waitFor();
    await open(adminTab, stack, '#/team');
    await adminTab.getByLabel('Role of Test owner').selectOption('agent');
    await adminTab.getByRole('alert').filter({ hasText: 'Not allowed: Only an owner may change owners' }).waitFor();

    await ownerTab.getByRole('button', { name: 'Remove Ada Admin' }).click();
    await expect.poll(() => row(ownerTab, admin.email).count()).toBe(0);
    await row(ownerTab, ownerEmail).waitFor();
    await nav(adminTab).getByRole('link', { name: 'Leads' }).click();
    await adminTab.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
  });

  it('signs in with an authenticator app once it is on, and with a recovery code', async () => {
    const tenant = await newTenant({ name: 'TOTP Co' });
    const owner = await person(stack.url, tenant.apiKey, 'owner', 'Otto Owner');
    const page = await freshTab();
    await signInPage(page, owner.email);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await nav(page).getByRole('link', { name: 'Account' }).click();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = (await page.locator('code.secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const uri = new URL((await page.getByRole('link', { name: 'open it in the app' }).getAttribute('href')) ?? '');
    expect([uri.protocol, uri.host, uri.searchParams.get('secret'), uri.searchParams.get('issuer')]).toEqual(['otpauth:', 'totp', secret, 'Parley']);
    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('alert').filter({ hasText: 'That code was not accepted' }).waitFor();
    await page.getByLabel('Code from the app').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const recovery = page.getByRole('list', { name: 'Recovery codes' });
    await recovery.waitFor();
    const codes = await recovery.getByRole('listitem').allTextContents();
    expect(codes.length).toBeGreaterThanOrEqual(8);
    expect(new Set(codes).size).toBe(codes.length);

    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
    expect(await page.context().cookies()).toEqual([]);

    await signInPage(page, owner.email);
    await page.getByRole('heading', { name: 'Two-step sign-in' }).waitFor();
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').filter({ hasText: 'That code was not accepted' }).waitFor();
    // The code that turned the app on is spent; the next one signs in.
    await page.getByLabel('Authentication code').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect((await page.context().cookies()).map((c) => c.name)).toEqual(['parley_session']);

    const other = await freshTab();
    await signInPage(other, owner.email);
    await other.getByLabel('Authentication code').fill(codes[0]!);
    await other.getByRole('button', { name: 'Verify' }).click();
    await other.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  it('says how long to wait after too many sign-in attempts', async () => {
    const page = await freshTab();
    const email = `nobody.${Date.now()}@example.fi`;
    for (let i = 0; i < 5; i++) expect((await call(stack.url, '/v1/auth/login', { body: { email, password: `guess ${i}` } })).status).toBe(401);
    await signInPage(page, email, 'one more guess');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Too many sign-in attempts\. Try again in \d+ (seconds?|minutes?)\.$/);
  });

  it('shows an agent no export of everything, no erase, no settings, team or keys; a viewer not even Correct', async () => {
    const tenant = await newTenant({ name: 'Roles Co' });
    const contactId = await captureLead(stack.url, tenant.siteKey, { firstName: 'Rauha', email: 'rauha@example.fi' });
    const { page: ownerTab } = await signedIn(browser, stack, tenant.apiKey);
    expect(await navLabels(ownerTab)).toEqual([
      'Overview',
      'Inbox',
      'Leads',
      'Conversations',
      'Bots',
      'Install',
      'Settings',
      'Team',
      'API keys',
      'Webhooks',
      'Audit log',
      'Account',
    ]);
    await open(ownerTab, stack, '#/leads');
    await ownerTab.getByText('More formats').click();
    const [zip] = await Promise.all([ownerTab.waitForEvent('download'), ownerTab.getByRole('button', { name: 'Everything (ZIP)' }).click()]);
    expect(zip.suggestedFilename()).toMatch(/\.zip$/);
    expect((await zip.failure()) ?? 'complete').toBe('complete');

    const { page: agentTab, pageErrors } = await signedIn(browser, stack, tenant.apiKey, { role: 'agent' });
    expect(await navLabels(agentTab)).toEqual(['Overview', 'Inbox', 'Leads', 'Conversations', 'Audit log', 'Account']);
    await open(agentTab, stack, '#/leads');
    await agentTab.getByRole('link', { name: 'Rauha' }).waitFor();
    await agentTab.getByText('More formats').click();
    await agentTab.getByRole('button', { name: 'JSON' }).waitFor();
    expect(await agentTab.getByRole('button', { name: 'Everything (ZIP)' }).count()).toBe(0);
    await open(agentTab, stack, `#/leads/${encodeURIComponent(contactId)}`);
    await agentTab.getByRole('heading', { name: 'Rauha' }).waitFor();
    expect(await agentTab.locator('.actions button').allTextContents()).toEqual(['Correct', 'Restrict']);
    for (const route of ['#/settings', '#/team', '#/keys', '#/install']) {
      await open(agentTab, stack, route);
      await agentTab.getByRole('alert').filter({ hasText: 'Your role (agent) cannot open this page.' }).waitFor();
    }
    expect(pageErrors).toEqual([]);

    const { page: viewerTab } = await signedIn(browser, stack, tenant.apiKey, { role: 'viewer' });
    expect(await navLabels(viewerTab)).toEqual(['Overview', 'Inbox', 'Leads', 'Conversations', 'Audit log', 'Account']);
    await open(viewerTab, stack, `#/leads/${encodeURIComponent(contactId)}`);
    await viewerTab.getByRole('heading', { name: 'Rauha' }).waitFor();
    expect(await viewerTab.getByRole('button', { name: /Correct|Restrict|Erase/ }).count()).toBe(0);
  });

  it('creates a key shown once, which works until it is revoked from the keys page', async () => {
    const tenant = await newTenant({ name: 'Keys Co' });
    const { page } = await signedIn(browser, stack, tenant.apiKey);
    await nav(page).getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name').fill('CRM sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('alert').filter({ hasText: 'Choose at least one scope.' }).waitFor();
    await page.getByRole('checkbox', { name: /Export:/ }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const apiKey = await page.getByLabel('New API key').inputValue();
    expect(apiKey).toMatch(new RegExp(`^sk_${tenant.tenantId}_`));
    const keyRow = row(page, 'CRM sync');
    await expect(keyRow.locator('td').nth(1).textContent()).resolves.toBe('export');
    await expect(keyRow.locator('td').nth(3).textContent()).resolves.toBe('—');

    const withKey = { authorization: `Bearer ${apiKey}` };
    expect((await call(stack.url, '/v1/leads', { headers: withKey })).status).toBe(200);
    expect((await call(stack.url, '/v1/settings', { headers: withKey })).status).toBe(403);
    await page.reload();
    await expect(keyRow.locator('td').nth(3).textContent()).resolves.not.toBe('—');
    // Shown once: the page no longer has it, and neither does the list the API gives.
    expect(await page.getByLabel('New API key').count()).toBe(0);
    expect(await page.content()).not.toContain(apiKey);

    await page.getByRole('button', { name: 'Revoke CRM sync' }).click();
    await keyRow.getByText(/^Revoked /).waitFor();
    expect((await call(stack.url, '/v1/leads', { headers: withKey })).status).toBe(401);
    const keys = await asOwner(stack.url, tenant.apiKey, '/v1/keys');
    expect(keys.json.data).toContainEqual(expect.objectContaining({ name: 'CRM sync', scopes: ['export'], revokedAt: expect.any(String) }));
  });

  it('filters the audit log by who did it, naming the person and their role or the key and its scopes', async () => {
    const tenant = await newTenant({ name: 'Audit Co' });
    const { page, userId } = await signedIn(browser, stack, tenant.apiKey);
    await open(page, stack, '#/keys');
    await page.getByLabel('Name').fill('Made by a person');
    await page.getByRole('checkbox', { name: /Privacy:/ }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByLabel('New API key').waitFor();
    // The tenant's own full-scope key makes one too.
    expect((await asOwner(stack.url, tenant.apiKey, '/v1/keys', { body: { name: 'Made by a key', scopes: ['export'] } })).status).toBe(201);
    const tenantKeyId = tenant.apiKey.split('_')[2]!;

    await nav(page).getByRole('link', { name: 'Audit log' }).click();
    const rows = page.locator('tbody tr');
    await row(page, 'key.created').first().waitFor();
    const who = page.getByLabel('Who');
    // People are named once the team has loaded.
    await expect.poll(() => who.locator('option').allTextContents()).toEqual(expect.arrayContaining(['Anyone', 'Test owner', `key ${tenantKeyId}`]));

    await who.selectOption({ label: 'Test owner' });
    await expect.poll(() => page.url()).toContain(`actor=user%3A${userId}`);
    const byPerson = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1, 4).map((td) => td.textContent)));
    expect(byPerson.length).toBeGreaterThan(0);
    expect(byPerson.every(([, actor]) => actor === 'Test owner')).toBe(true);
    expect(byPerson).toContainEqual(['key.created', 'Test owner', 'owner']);

    await who.selectOption({ label: `key ${tenantKeyId}` });
    await page.getByLabel('Action').selectOption('key.created');
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().locator('td').nth(2).textContent()).resolves.toBe(`key ${tenantKeyId}`);
    await expect(rows.first().locator('td').nth(3).textContent()).resolves.toBe('full');

    // The filters live in the URL: a reload shows the same entries.
    await page.reload();
    await expect.poll(() => rows.count()).toBe(1);
    await expect(page.getByLabel('Who').inputValue()).resolves.toBe(`key:${tenantKeyId}`);
  });

  it('opens the invitation page from a link even in a tab already signed in as someone else', async () => {
    const tenant = await newTenant({ name: 'Switch Co' });
    const { page } = await signedIn(browser, stack, tenant.apiKey, { role: 'viewer' });
    const invited = await asOwner(stack.url, tenant.apiKey, '/v1/users', { body: { email: `second.${Date.now()}@example.fi`, role: 'admin' } });
    const token = new URL(String(invited.json.inviteUrl)).searchParams.get('token') ?? '';
    await acceptInBrowser(page, stack, token, 'Second Person');
    await nav(page).getByRole('link', { name: 'Account' }).click();
    await expect(page.locator('dl.fields').textContent()).resolves.toContain('RoleAdmin');
  });
});
