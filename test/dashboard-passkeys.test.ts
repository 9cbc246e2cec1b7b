import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { emailHash } from '../functions/domain/accounts/people';
import { db, tableName } from '../functions/lib/dynamo';
import type { Stack } from '../local/stack';
import { PASSWORD, asOwner, signedIn } from './dashboard-fixtures';
import { call, newTenant } from './support/api';
import { useProduct } from './support/browser';

let stack: Stack;
let browser: Browser;

useProduct((s, b) => {
  stack = s;
  browser = b;
});

/** Everything stored under a person's partition (the person and the sign-in state around it). */
async function personItems(email: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `P#${emailHash(email)}` },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Chromium's virtual authenticator on this tab: a platform authenticator that holds resident keys and verifies its user. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return { credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials };
}

describe('passkeys in the dashboard, in Chromium', () => {
  it('adds a passkey on the Account page, signs in with it after the password, keeps only its public key, and removes it', async () => {
    const tenant = await newTenant({ name: 'Passkey Co' });
    const { page, pageErrors, email } = await signedIn(browser, stack, tenant.apiKey);
    const authenticator = await virtualAuthenticator(page);
    // Every challenge the API hands out, to look for it in the table afterwards.
    const challenges: string[] = [];
    page.on('response', (res) => {
      if (/\/v1\/(me\/passkeys\/options|auth\/passkey\/options|auth\/login)$/.test(new URL(res.url()).pathname))
        void res
          .json()
          .then((body: { challenge?: string }) => body.challenge && challenges.push(body.challenge))
          .catch(() => undefined);
    });

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Account' }).click();
    await page.getByText('No passkeys yet.').waitFor();
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    const list = page.getByRole('list', { name: 'Your passkeys' });
    await list.getByText('Passkey 1').waitFor();
    const [credential] = await authenticator.credentials();
    expect(credential).toBeDefined();

    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Two-step sign-in' }).waitFor();
    // No authenticator app: the passkey is the only way on.
    expect(await page.getByLabel('Authentication code').count()).toBe(0);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const me = await page.request.get(`${stack.url}/v1/me`);
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ user: { email }, role: 'owner' });

    // The table holds the credential's public key (its EC point) and nothing the browser was handed in clear.
    const items = await personItems(email);
    const person = items.find((i) => i.SK === 'PERSON') as { passkeys?: Record<string, { publicKey: string; counter: number; lastUsedAt?: string }> };
    // CDP names the credential in base64; WebAuthn in base64url.
    const stored = person.passkeys?.[Buffer.from(credential?.credentialId ?? '', 'base64').toString('base64url')];
    expect(stored?.lastUsedAt).toBeDefined();
    const jwk = createPublicKey(createPrivateKey({ key: Buffer.from(credential?.privateKey ?? '', 'base64'), format: 'der', type: 'pkcs8' })).export({
      format: 'jwk',
    });
    const cose = Buffer.from(stored?.publicKey ?? '', 'base64url');
    expect(cose.includes(Buffer.from(jwk.x ?? '', 'base64url'))).toBe(true);
    expect(cose.includes(Buffer.from(jwk.y ?? '', 'base64url'))).toBe(true);
    expect(challenges.length).toBeGreaterThanOrEqual(3);
    const everything = JSON.stringify(items);
    for (const challenge of challenges) expect(everything).not.toContain(challenge);
    expect(everything).not.toContain(credential?.privateKey);

    const audit = await asOwner(stack.url, tenant.apiKey, '/v1/audit?limit=1000');
    expect(audit.json.data).toContainEqual(expect.objectContaining({ action: 'mfa.enabled', details: expect.objectContaining({ method: 'passkey' }) }));

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Account' }).click();
    await list.getByRole('button', { name: 'Remove Passkey 1' }).click();
    await page.getByText('No passkeys yet.').waitFor();
    const login = await call(stack.url, '/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.json.methods ?? []).not.toContain('passkey');
    expect(login.json).toMatchObject({ role: 'owner' });
    expect(pageErrors).toEqual([]);
  });
});
