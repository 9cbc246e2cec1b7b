import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import { type TestServer, call, newTenant, scanTenant, startTestServer } from './support/api';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../functions/lib/dynamo';
import { scanAll } from '../functions/lib/store';
import { waitForMail } from './support/caught-mail';

let api: TestServer;
let t: CreatedTenant;
beforeAll(async () => {
  api = await startTestServer({ trustProxy: true });
  t = await newTenant();
});
afterAll(() => api.close());

const key = () => ({ authorization: `Bearer ${t.apiKey}` });
let n = 0;
const email = (who: string) => `${who}.${Date.now()}.${n++}@example.fi`;
const PASSWORD = 'correct horse battery';

/** A browser-like client: keeps the session cookie and sends the CSRF header once it knows it. */
class Browser {
  cookie = '';
  csrf = '';
  setCookie = '';
  async call(path: string, options: { method?: string; body?: unknown; csrf?: boolean; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...(options.headers ?? {}), ...(this.cookie ? { cookie: this.cookie } : {}) };
    if (this.csrf && options.csrf !== false) headers['x-parley-csrf'] = this.csrf;
    const res = await call(api.url, path, {
      ...(options.method ? { method: options.method } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
      headers,
    });
    const set = res.headers.get('set-cookie');
    if (set) {
      this.setCookie = set;
      this.cookie = set.split(';')[0]!;
    }
    if (typeof res.json?.csrfToken === 'string') this.csrf = res.json.csrfToken;
    return res;
  }
}

async function member(role: 'owner' | 'admin' | 'agent' | 'viewer') {
  const address = email(role);
  const invited = await call(api.url, '/v1/users', { body: { email: address, role }, headers: key() });
  expect(invited.status).toBe(201);
  const token = new URL(String(invited.json.inviteUrl)).searchParams.get('token')!;
  const browser = new Browser();
  const accepted = await browser.call('/v1/auth/accept', { body: { token, password: PASSWORD, name: `The ${role}` } });
  expect(accepted.status).toBe(200);
  return { browser, address, userId: String(invited.json.userId), token };
}

describe('team accounts', () => {
  it('invite → accept → signed in with a session cookie that is HttpOnly and SameSite=Lax; the link works once', async () => {
    const { browser, address, token } = await member('admin');
    expect(browser.setCookie).toMatch(/^parley_session=s1\./);
    expect(browser.setCookie).toMatch(/HttpOnly/);
    expect(browser.setCookie).toMatch(/SameSite=Lax/);
    // Plain http on localhost: Secure would stop the browser from sending it.
    expect(browser.setCookie).not.toMatch(/Secure/);
    const me = await browser.call('/v1/me');
    expect(me.json).toMatchObject({ user: { email: address, name: 'The admin' }, tenantId: t.tenantId, role: 'admin', csrfToken: expect.any(String) });
    const again = await new Browser().call('/v1/auth/accept', { body: { token, password: PASSWORD } });
    expect(again.status).toBe(400);
    const https = await call(api.url, '/v1/auth/login', {
      body: { email: address, password: PASSWORD },
      headers: { 'x-forwarded-proto': 'https', host: 'parley.example' },
    });
    expect(https.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('signs in with email and password, and refuses a wrong one with the same answer as an unknown email', async () => {
    const { address } = await member('viewer');
    const browser = new Browser();
    expect((await browser.call('/v1/auth/login', { body: { email: address, password: PASSWORD } })).status).toBe(200);
    expect((await browser.call('/v1/me')).json.role).toBe('viewer');
    const wrong = await call(api.url, '/v1/auth/login', { body: { email: address, password: 'not the password' } });
    const unknown = await call(api.url, '/v1/auth/login', { body: { email: email('nobody'), password: 'not the password' } });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.json.error).toEqual(unknown.json.error);
  });

  it('refuses a signed-in change without the CSRF header, and takes it with the header', async () => {
    const { browser } = await member('admin');
    await browser.call('/v1/me');
    const without = await browser.call('/v1/settings', { method: 'PUT', body: { consentMode: 'required' }, csrf: false });
    expect(without.status).toBe(403);
    const forged = await browser.call('/v1/settings', {
      method: 'PUT',
      body: { consentMode: 'required' },
      csrf: false,
      headers: { 'x-parley-csrf': 'x'.repeat(43) },
    });
    expect(forged.status).toBe(403);
    const withIt = await browser.call('/v1/settings', { method: 'PUT', body: { consentMode: 'optional' } });
    expect(withIt.status).toBe(200);
  });

  it('enforces roles on customer routes: an agent reads and corrects but neither exports all nor erases; a viewer writes nothing', async () => {
    const lead = await call(api.url, '/v1/leads', {
      body: { site: t.siteKey, visitorId: `v_${Date.now()}`, fields: { email: 'lead@example.fi' }, answers: [], consent: { marketing: false, text: '' } },
    });
    const contactId = String(lead.json.contactId);
    const agent = (await member('agent')).browser;
    await agent.call('/v1/me');
    expect((await agent.call('/v1/leads')).status).toBe(200);
    expect((await agent.call(`/v1/contacts/${contactId}`, { method: 'PATCH', body: { company: 'Acme' } })).status).toBe(200);
    for (const [method, path] of [
      ['GET', '/v1/export'],
      ['DELETE', `/v1/contacts/${contactId}`],
      ['GET', '/v1/settings'],
      ['GET', '/v1/users'],
      ['GET', '/v1/keys'],
    ] as const) {
      const res = await agent.call(path, { method });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.error?.code).toBe('forbidden');
    }
    const viewer = (await member('viewer')).browser;
    await viewer.call('/v1/me');
    expect((await viewer.call('/v1/leads')).status).toBe(200);
    expect((await viewer.call(`/v1/contacts/${contactId}`, { method: 'PATCH', body: { company: 'Other' } })).status).toBe(403);
    expect((await viewer.call('/v1/users', { method: 'POST', body: { email: email('x'), role: 'viewer' } })).status).toBe(403);
  });

  it('ends a signed-out session and a revoked key at once', async () => {
    const { browser } = await member('admin');
    await browser.call('/v1/me');
    const copied = browser.cookie;
    expect((await browser.call('/v1/auth/logout', { method: 'POST' })).status).toBe(204);
    expect((await call(api.url, '/v1/me', { headers: { cookie: copied } })).status).toBe(401);
    expect((await call(api.url, '/v1/leads', { headers: { cookie: copied } })).status).toBe(401);

    const created = await call(api.url, '/v1/keys', { body: { name: 'CRM sync', scopes: ['export'] }, headers: key() });
    expect(created.status).toBe(201);
    const scoped = { authorization: `Bearer ${String(created.json.apiKey)}` };
    expect((await call(api.url, '/v1/leads', { headers: scoped })).status).toBe(200);
    expect((await call(api.url, '/v1/settings', { headers: scoped })).status).toBe(403);
    const listed = await call(api.url, '/v1/keys', { headers: key() });
    expect(listed.json.data).toContainEqual(
      expect.objectContaining({ keyId: created.json.keyId, name: 'CRM sync', scopes: ['export'], lastUsedAt: expect.any(String) }),
    );
    expect(JSON.stringify(listed.json)).not.toContain(String(created.json.apiKey).split('_').at(-1));
    expect((await call(api.url, `/v1/keys/${String(created.json.keyId)}`, { method: 'DELETE', headers: key() })).status).toBe(204);
    expect((await call(api.url, '/v1/leads', { headers: scoped })).status).toBe(401);
  });

  it('names the person and role in the audit log', async () => {
    const { browser, userId } = await member('admin');
    await browser.call('/v1/me');
    await browser.call('/v1/keys', { method: 'POST', body: { name: 'By a person', scopes: ['privacy'] } });
    const audit = await call(api.url, '/v1/audit?limit=1000', { headers: key() });
    expect(audit.json.data).toContainEqual(
      expect.objectContaining({ action: 'key.created', actor: `user:${userId}`, details: expect.objectContaining({ actorRole: 'admin' }) }),
    );
  });

  it('passkeys without an authenticator: options bound to the host, the challenge kept hashed; a foreign origin, a forged answer and a stale sign-in are refused', async () => {
    const { browser, address } = await member('owner');
    await browser.call('/v1/me');
    const options = await browser.call('/v1/me/passkeys/options', { method: 'POST' });
    expect(options.status).toBe(200);
    expect(options.json).toMatchObject({ rp: { name: 'Parley', id: new URL(api.url).hostname }, user: { name: address }, excludeCredentials: [] });
    const challenge = String(options.json.challenge);
    // Every page of the scan: the table holds the whole run's data.
    const challenges = await scanAll({ TableName: tableName(), FilterExpression: 'begins_with(SK, :w)', ExpressionAttributeValues: { ':w': 'WEBAUTHN#' } });
    expect(challenges.length).toBeGreaterThan(0);
    expect(JSON.stringify(challenges)).not.toContain(challenge);

    const clientData = (origin: string) => Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge, origin })).toString('base64url');
    const forged = (origin: string) => ({
      response: {
        id: 'AAAA',
        rawId: 'AAAA',
        type: 'public-key',
        clientExtensionResults: {},
        response: { clientDataJSON: clientData(origin), attestationObject: 'AAAA' },
      },
    });
    const foreign = await browser.call('/v1/me/passkeys', {
      method: 'POST',
      body: forged('https://evil.example'),
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const origin = new URL(api.url).origin;
    const bad = await browser.call('/v1/me/passkeys', { method: 'POST', body: forged(origin), headers: { origin } });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe('invalid_passkey');
    expect((await browser.call('/v1/me/passkeys')).json).toEqual({ data: [] });

    // No passkey and no app: the password alone signs in, and no passkey sign-in can start.
    const login = await new Browser().call('/v1/auth/login', { body: { email: address, password: PASSWORD } });
    expect(login.json).toMatchObject({ role: 'owner' });
    expect(login.json.mfaRequired).toBeUndefined();
    const stale = await call(api.url, '/v1/auth/passkey/options', { body: { challenge: `mfa1.${'0'.repeat(64)}.${'a'.repeat(43)}` } });
    expect(stale.status).toBe(401);
  });

  it('signs in with a TOTP second factor once it is on', async () => {
    const { browser, address } = await member('owner');
    await browser.call('/v1/me');
    const setup = await browser.call('/v1/me/mfa/totp', { method: 'POST' });
    const secret = String(setup.json.secret);
    expect(String(setup.json.otpauthUrl)).toMatch(/^otpauth:\/\/totp\//);
    const confirmed = await browser.call('/v1/me/mfa/totp/confirm', { method: 'POST', body: { code: await generate({ secret }) } });
    expect(confirmed.status).toBe(200);
    const recovery = (confirmed.json.recoveryCodes as string[])[0]!;

    const next = new Browser();
    const first = await next.call('/v1/auth/login', { body: { email: address, password: PASSWORD } });
    expect(first.json).toEqual({ mfaRequired: true, challenge: expect.any(String), methods: ['totp'] });
    expect(next.cookie).toBe('');
    expect((await next.call('/v1/auth/mfa', { body: { challenge: first.json.challenge, code: '000000' } })).status).toBe(401);
    // Each code works once: the one that turned the app on cannot sign in, the next one can.
    const used = await generate({ secret });
    expect((await next.call('/v1/auth/mfa', { body: { challenge: first.json.challenge, code: used } })).status).toBe(401);
    const nextCode = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const done = await next.call('/v1/auth/mfa', { body: { challenge: first.json.challenge, code: nextCode } });
    expect(done.status).toBe(200);
    expect((await next.call('/v1/me')).json.role).toBe('owner');

    const viaRecovery = new Browser();
    const challenge = (await viaRecovery.call('/v1/auth/login', { body: { email: address, password: PASSWORD } })).json.challenge;
    expect((await viaRecovery.call('/v1/auth/mfa', { body: { challenge, code: recovery } })).status).toBe(200);
    const reused = (await new Browser().call('/v1/auth/login', { body: { email: address, password: PASSWORD } })).json.challenge;
    expect((await call(api.url, '/v1/auth/mfa', { body: { challenge: reused, code: recovery } })).status).toBe(401);
  });

  it('throttles guessing per account, with the same answer whether the account exists', async () => {
    const { address } = await member('viewer');
    const guesses = async (who: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push(
          (await call(api.url, '/v1/auth/login', { body: { email: who, password: `guess ${i}` }, headers: { 'x-forwarded-for': `198.51.${i}.1` } })).status,
        );
      return statuses;
    };
    expect(await guesses(address)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(await guesses(email('ghost'))).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // Even the right password waits out the window.
    expect((await call(api.url, '/v1/auth/login', { body: { email: address, password: PASSWORD } })).status).toBe(429);
  });

  it('keeps no password, TOTP secret, session id or invitation token in clear anywhere in the table', async () => {
    const { browser, token } = await member('owner');
    await browser.call('/v1/me');
    const setup = await browser.call('/v1/me/mfa/totp', { method: 'POST' });
    const everything: unknown[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db().send(new ScanCommand({ TableName: tableName(), ...(start ? { ExclusiveStartKey: start } : {}) }));
      everything.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const dump = JSON.stringify(everything);
    for (const secret of [PASSWORD, String(setup.json.secret), browser.cookie.split('=')[1]!, token]) expect(dump).not.toContain(secret);
    expect((await scanTenant(t.tenantId)).length).toBeGreaterThan(0);
  });

  it('signs a person out everywhere at once', async () => {
    const { browser, address } = await member('agent');
    const other = new Browser();
    await other.call('/v1/auth/login', { body: { email: address, password: PASSWORD } });
    await browser.call('/v1/me');
    expect((await browser.call('/v1/me/sessions/end', { method: 'POST' })).status).toBe(204);
    expect((await other.call('/v1/leads')).status).toBe(401);
    expect((await browser.call('/v1/me')).status).toBe(401);
    const fresh = new Browser();
    expect((await fresh.call('/v1/auth/login', { body: { email: address, password: PASSWORD } })).status).toBe(200);
    expect((await fresh.call('/v1/leads')).status).toBe(200);
  });

  it('holds a team that requires a second factor to it, while letting a person turn one on', async () => {
    const tenant = await newTenant();
    const auth = { authorization: `Bearer ${tenant.apiKey}` };
    expect((await call(api.url, '/v1/settings', { method: 'PUT', body: { requireMfa: true }, headers: auth })).json.settings).toMatchObject({
      requireMfa: true,
    });
    const invited = await call(api.url, '/v1/users', { body: { email: email('strict'), role: 'admin' }, headers: auth });
    const token = new URL(String(invited.json.inviteUrl)).searchParams.get('token')!;
    const browser = new Browser();
    await browser.call('/v1/auth/accept', { body: { token, password: PASSWORD } });
    const refused = await browser.call('/v1/leads');
    expect(refused.status).toBe(403);
    expect(refused.json.error?.code).toBe('mfa_required');
    const setup = await browser.call('/v1/me/mfa/totp', { method: 'POST' });
    await browser.call('/v1/me/mfa/totp/confirm', { method: 'POST', body: { code: await generate({ secret: String(setup.json.secret) }) } });
    expect((await browser.call('/v1/leads')).status).toBe(200);
  });

  it('mails the invitation with its link', async () => {
    const address = email('mailed');
    const invited = await call(api.url, '/v1/users', { body: { email: address, role: 'agent' }, headers: key() });
    const mail = await waitForMail((m) => m.to.includes(address));
    expect(mail.text).toContain(String(invited.json.inviteUrl));
  });

  it('resets a forgotten password by a mailed single-use link, ending the old sessions; unknown emails get the same answer', async () => {
    const { browser, address } = await member('agent');
    expect((await browser.call('/v1/me')).status).toBe(200);
    const asked = await call(api.url, '/v1/auth/reset', { body: { email: address } });
    const unknown = await call(api.url, '/v1/auth/reset', { body: { email: email('nobody') } });
    expect([asked.status, asked.json]).toEqual([202, { accepted: true }]);
    expect([unknown.status, unknown.json]).toEqual([202, { accepted: true }]);
    const mail = await waitForMail((m) => m.to.includes(address) && /reset/i.test(m.subject));
    const link = /https?:\/\/\S+/.exec(mail.text)![0];
    const token = new URL(link).searchParams.get('token')!;
    const newPassword = 'a brand new passphrase';
    expect((await call(api.url, '/v1/auth/reset/confirm', { body: { token, password: newPassword } })).status).toBe(204);
    expect((await call(api.url, '/v1/auth/reset/confirm', { body: { token, password: 'yet another one here' } })).status).toBe(400);
    expect((await browser.call('/v1/me')).status).toBe(401);
    expect((await call(api.url, '/v1/auth/login', { body: { email: address, password: PASSWORD } })).status).toBe(401);
    expect((await call(api.url, '/v1/auth/login', { body: { email: address, password: newPassword } })).status).toBe(200);
  });
});
