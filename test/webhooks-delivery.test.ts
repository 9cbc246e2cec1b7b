import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinTenant } from '../functions/domain/accounts/people';
import type { CreatedTenant } from '../functions/domain/tenants';
import { setOutboundDeps } from '../functions/lib/outbound-http';
import { type TestServer, call, cid, newTenant, startTestServer } from './support/api';
import { waitForMail } from './support/caught-mail';
import { startReceiver, until, verify } from './support/webhook-receiver';

let api: TestServer;
let t: CreatedTenant;
const ownerEmail = `owner-${cid('o').toLowerCase()}@example.com`;
beforeAll(async () => {
  api = await startTestServer();
  t = await newTenant();
  await joinTenant(t.tenantId, { email: ownerEmail, name: 'Olga Owner', role: 'owner' });
});
afterAll(() => api.close());

const auth = () => ({ authorization: `Bearer ${t.apiKey}` });
const create = (url: string, events = ['lead.created']) => call(api.url, '/v1/webhooks', { body: { url, events }, headers: auth() });
const webhook = async (id: string) =>
  ((await call(api.url, '/v1/webhooks', { headers: auth() })).json.data as Record<string, unknown>[]).find((w) => w.id === id);
const deliveries = async (id: string) =>
  (await call(api.url, `/v1/webhooks/${id}/deliveries`, { headers: auth() })).json.data as {
    deliveryId: string;
    type: string;
    status: string;
    attempts: number;
    responseStatus?: number;
    error?: string;
    nextAttemptAt?: string;
    lastAttemptAt?: string;
  }[];
const sendTest = (id: string) => call(api.url, `/v1/webhooks/${id}/test`, { method: 'POST', headers: auth() });

async function leadCaptured() {
  const visitorId = cid('vis');
  const conv = await call(api.url, '/v1/conversations', { body: { site: t.siteKey, visitorId, sessionId: cid('ses'), pageUrl: 'https://acme.example/' } });
  const res = await call(api.url, '/v1/leads', {
    body: {
      site: t.siteKey,
      visitorId,
      conversationId: conv.json.conversationId,
      fields: { email: 'x@example.com' },
      answers: [],
      consent: { marketing: false, text: 'ok' },
    },
    headers: { 'x-parley-visitor': String(conv.json.visitorToken) },
  });
  expect(res.status).toBe(201);
  return String(res.json.contactId);
}

describe('webhook addresses (SSRF guard)', () => {
  it('refuses http://127.0.0.1 unless PARLEY_WEBHOOKS_ALLOW_LOCAL=1', async () => {
    const previous = process.env.PARLEY_WEBHOOKS_ALLOW_LOCAL;
    process.env.PARLEY_WEBHOOKS_ALLOW_LOCAL = '0';
    try {
      const res = await create('http://127.0.0.1:9/hook');
      expect(res.status).toBe(400);
      expect(res.json.error?.code).toBe('invalid_webhook_url');
    } finally {
      process.env.PARLEY_WEBHOOKS_ALLOW_LOCAL = previous;
    }
    const allowed = await create('http://127.0.0.1:9/hook');
    expect(allowed.status).toBe(201);
    await call(api.url, `/v1/webhooks/${String(allowed.json.id)}`, { method: 'DELETE', headers: auth() });
  });

  it('refuses the metadata service, private addresses and a name resolving into the network, without connecting', async () => {
    let connected = 0;
    const restore = setOutboundDeps({
      resolve: async (host) => [{ address: host === 'internal.example.test' ? '10.0.0.5' : '93.184.215.14', family: 4 }],
      send: async () => {
        connected++;
        return { status: 200, headers: {} };
      },
    });
    try {
      for (const url of [
        'https://169.254.169.254/latest/meta-data/',
        'http://169.254.169.254/',
        'https://[fd00:ec2::254]/',
        'https://10.1.2.3/hook',
        'https://100.64.0.1/hook',
        'https://internal.example.test/hook',
      ]) {
        const res = await create(url);
        expect(res.status, url).toBe(400);
      }
      expect(connected).toBe(0);
    } finally {
      restore();
    }
  });

  it('checks the address again at each delivery (a name that moves into the network is refused, no socket opened)', async () => {
    const sent: string[] = [];
    let address = '93.184.215.14';
    const restore = setOutboundDeps({
      resolve: async () => [{ address, family: 4 }],
      send: async (r) => {
        sent.push(r.address.address);
        return { status: 200, headers: {} };
      },
    });
    try {
      const created = await create('https://moving.example.test/hook');
      expect(created.status).toBe(201);
      const id = String(created.json.id);
      expect((await sendTest(id)).json).toMatchObject({ status: 'delivered', responseStatus: 200 });
      expect(sent).toEqual(['93.184.215.14']);
      address = '10.0.0.5';
      const refused = await sendTest(id);
      expect(refused.json.status).toBe('failed');
      expect(sent).toEqual(['93.184.215.14']);
      expect((await deliveries(id))[0]?.error).toMatch(/address refused/);
      await call(api.url, `/v1/webhooks/${id}`, { method: 'DELETE', headers: auth() });
    } finally {
      restore();
    }
  });

  it('never follows a redirect', async () => {
    const elsewhere = await startReceiver();
    const receiver = await startReceiver(() => ({ status: 307, headers: { location: elsewhere.url } }));
    const id = String((await create(receiver.url)).json.id);
    const res = await sendTest(id);
    expect(res.json).toMatchObject({ status: 'failed', responseStatus: 307 });
    expect(receiver.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
    expect((await deliveries(id))[0]).toMatchObject({ responseStatus: 307, error: 'redirect not followed' });
    await call(api.url, `/v1/webhooks/${id}`, { method: 'DELETE', headers: auth() });
    await Promise.all([receiver.close(), elsewhere.close()]);
  });
});

describe('webhook delivery', () => {
  it('sends a signed test event, and redelivers it with the same webhook-id', async () => {
    const receiver = await startReceiver();
    const created = await create(receiver.url, ['lead.created']);
    const id = String(created.json.id);
    const res = await sendTest(id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'delivered', responseStatus: 200 });
    const first = receiver.received[0];
    expect(verify(String(created.json.secret), first!)).toMatchObject({ type: 'webhook.test' });
    const again = await call(api.url, `/v1/webhooks/${id}/deliveries/${String(res.json.deliveryId)}/redeliver`, { method: 'POST', headers: auth() });
    expect(again.status).toBe(202);
    await until(() => receiver.received.length >= 2, 'the redelivery');
    expect(receiver.received[1]?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect((await call(api.url, `/v1/webhooks/${id}/deliveries/123-msg_unknown/redeliver`, { method: 'POST', headers: auth() })).status).toBe(404);
    await call(api.url, `/v1/webhooks/${id}`, { method: 'DELETE', headers: auth() });
    await receiver.close();
  });

  it('signs with both secrets during a rotation', async () => {
    const receiver = await startReceiver();
    const created = await create(receiver.url);
    const id = String(created.json.id);
    const rotated = await call(api.url, `/v1/webhooks/${id}/rotate`, { method: 'POST', headers: auth() });
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(Date.parse(String(rotated.json.previousSecretUntil)) - Date.now()).toBeGreaterThan(23 * 3600_000);
    await sendTest(id);
    const r = receiver.received[0]!;
    expect(String(r.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => verify(String(created.json.secret), r)).not.toThrow();
    expect(() => verify(String(rotated.json.secret), r)).not.toThrow();
    expect(() => verify(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, r)).toThrow();
    await call(api.url, `/v1/webhooks/${id}`, { method: 'DELETE', headers: auth() });
    await receiver.close();
  });

  it('turns an endpoint off when it answers 410 Gone', async () => {
    const receiver = await startReceiver(() => ({ status: 410 }));
    const id = String((await create(receiver.url)).json.id);
    await leadCaptured();
    await until(async () => (await webhook(id))?.enabled === false, 'the endpoint to be turned off');
    expect(await webhook(id)).toMatchObject({ enabled: false, disabledReason: 'gone' });
    expect(receiver.received).toHaveLength(1);
    expect((await deliveries(id))[0]).toMatchObject({ status: 'failed', responseStatus: 410, attempts: 1 });
    await call(api.url, `/v1/webhooks/${id}`, { method: 'DELETE', headers: auth() });
    await receiver.close();
  });

  it("waits as long as a 429's Retry-After asks", async () => {
    const receiver = await startReceiver((n) => (n === 1 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 }));
    const id = String((await create(receiver.url)).json.id);
    await leadCaptured();
    await until(() => receiver.received.length >= 2, 'the retry', 20_000);
    const [a, b] = receiver.received;
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(1_900);
    expect(b?.headers['webhook-id']).toBe(a?.headers['webhook-id']);
    await call(api.url, `/v1/webhooks/${id}`, { method: 'DELETE', headers: auth() });
    await receiver.close();
  });

  it('after the whole schedule fails, turns the endpoint off and mails the owners', async () => {
    const receiver = await startReceiver(() => ({ status: 500 }));
    const id = String((await create(receiver.url)).json.id);
    await leadCaptured();
    await until(async () => (await webhook(id))?.enabled === false, 'the endpoint to be turned off', 25_000);
    expect(receiver.received).toHaveLength(10);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(await webhook(id)).toMatchObject({ enabled: false, disabledReason: 'failing' });
    expect((await deliveries(id))[0]).toMatchObject({ status: 'failed', attempts: 10, responseStatus: 500 });
    const mail = await waitForMail((m) => m.to.includes(ownerEmail) && m.text.includes(id));
    expect(mail.subject).toContain('127.0.0.1');
    expect(mail.text).toContain(id);
    // Turned on again, it gets new events.
    receiver.answer(() => ({ status: 200 }));
    expect((await call(api.url, `/v1/webhooks/${id}`, { method: 'PATCH', body: { enabled: true }, headers: auth() })).json).toMatchObject({ enabled: true });
    await leadCaptured();
    await until(() => receiver.received.length >= 11, 'a new delivery');
    await receiver.close();
  }, 60_000);
});

describe('webhook management', () => {
  it('is for owners, admins and keys with the settings scope', async () => {
    const exportKey = await call(api.url, '/v1/keys', { body: { name: 'Export only', scopes: ['export'] }, headers: auth() });
    const settingsKey = await call(api.url, '/v1/keys', { body: { name: 'Settings', scopes: ['settings'] }, headers: auth() });
    const as = (key: unknown) => ({ authorization: `Bearer ${String(key)}` });
    const refused = await call(api.url, '/v1/webhooks', { headers: as(exportKey.json.apiKey) });
    expect(refused.status).toBe(403);
    expect(refused.json.error?.code).toBe('forbidden');
    expect((await call(api.url, '/v1/webhooks', { headers: as(settingsKey.json.apiKey) })).status).toBe(200);
    expect((await call(api.url, '/v1/webhooks', { headers: {} })).status).toBe(401);
  });

  it('describes every event in /v1/schema', async () => {
    const schema = (await call(api.url, '/v1/schema')).json as Record<string, { properties?: Record<string, unknown> }>;
    for (const type of [
      'lead.created',
      'lead.updated',
      'lead.qualified',
      'conversation.started',
      'conversation.waiting',
      'conversation.closed',
      'contact.erased',
      'alert.triggered',
    ]) {
      expect(schema[type]?.properties, type).toHaveProperty('data');
      expect(schema[type]?.properties).toHaveProperty('type');
    }
    const erased = schema['contact.erased']?.properties?.data as { properties: object } | undefined;
    expect(Object.keys(erased?.properties ?? {}).sort()).toEqual(['contactId', 'visitorId']);
  });
});
