import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import { type TestServer, call, cid, newTenant, scanTenant, startTestServer } from './support/api';
import { startReceiver, until, verify } from './support/webhook-receiver';

let api: TestServer;
let t: CreatedTenant;
beforeAll(async () => {
  api = await startTestServer();
  t = await newTenant();
});
afterAll(() => api.close());

const auth = () => ({ authorization: `Bearer ${t.apiKey}` });
const webhooksOf = async () => (await call(api.url, '/v1/webhooks', { headers: auth() })).json.data as Record<string, unknown>[];
const deliveriesOf = async (id: string) =>
  (await call(api.url, `/v1/webhooks/${id}/deliveries`, { headers: auth() })).json.data as {
    deliveryId: string;
    type: string;
    status: string;
    attempts: number;
    responseStatus?: number;
    error?: string;
  }[];

async function subscribe(url: string, events: string[]) {
  const res = await call(api.url, '/v1/webhooks', { body: { url, events }, headers: auth() });
  expect(res.status).toBe(201);
  return { id: String(res.json.id), secret: String(res.json.secret) };
}

/** A visitor starts a chat and leaves a lead; `update` sends a corrected lead with the visitor's token. */
async function lead(email: string) {
  const visitorId = cid('vis');
  const conv = await call(api.url, '/v1/conversations', { body: { site: t.siteKey, visitorId, sessionId: cid('ses'), pageUrl: 'https://acme.example/' } });
  const conversationId = String(conv.json.conversationId);
  const token = String(conv.json.visitorToken);
  const send = (fields: Record<string, string>) =>
    call(api.url, '/v1/leads', {
      body: { site: t.siteKey, visitorId, conversationId, fields, answers: [], consent: { marketing: false, text: 'ok' } },
      headers: { 'x-parley-visitor': token },
    });
  const created = await send({ email, firstName: 'Ada' });
  expect(created.status).toBe(201);
  return { visitorId, conversationId, contactId: String(created.json.contactId), update: (fields: Record<string, string>) => send({ email, ...fields }) };
}

describe('webhooks', () => {
  it('refuses bad input with 400 and stores nothing', async () => {
    const before = (await webhooksOf()).length;
    for (const body of [
      { url: 'http://hooks.example.com/in', events: ['lead.created'] },
      { url: 'ftp://hooks.example.com/in', events: ['lead.created'] },
      { url: 'https://hooks.example.com/in', events: ['lead.exploded'] },
      { url: 'https://hooks.example.com/in', events: [] },
      { url: 'not a url', events: ['lead.created'] },
    ]) {
      const res = await call(api.url, '/v1/webhooks', { body, headers: auth() });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await webhooksOf()).length).toBe(before);
    expect((await scanTenant(t.tenantId)).filter((i) => i.entity === 'webhook')).toHaveLength(before);
  });

  it('creates, lists, changes and removes an endpoint; the secret is shown once and stored sealed', async () => {
    const receiver = await startReceiver();
    const { id, secret } = await subscribe(receiver.url, ['lead.created', 'contact.erased']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = (await webhooksOf()).find((w) => w.id === id);
    expect(listed).toMatchObject({ url: receiver.url, events: ['lead.created', 'contact.erased'], enabled: true });
    expect(JSON.stringify(await webhooksOf())).not.toContain(secret.slice(6));
    expect(JSON.stringify(await scanTenant(t.tenantId))).not.toContain(secret.slice(6));
    const patched = await call(api.url, `/v1/webhooks/${id}`, { method: 'PATCH', body: { events: ['lead.updated'], enabled: false }, headers: auth() });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ events: ['lead.updated'], enabled: false, disabledReason: 'manual' });
    expect((await call(api.url, `/v1/webhooks/${id}`, { method: 'DELETE', headers: auth() })).status).toBe(204);
    expect((await call(api.url, `/v1/webhooks/${id}`, { method: 'DELETE', headers: auth() })).status).toBe(404);
    expect((await webhooksOf()).some((w) => w.id === id)).toBe(false);
    await receiver.close();
  });

  it('delivers a signed lead.created once through two 500s, with the same webhook-id, then lead.updated after it', async () => {
    const receiver = await startReceiver((n) => ({ status: n <= 2 ? 500 : 200 }));
    const hook = await subscribe(receiver.url, ['lead.created', 'lead.updated']);
    const l = await lead('ada@example.com');
    await l.update({ firstName: 'Ada', lastName: 'Lovelace' });
    await until(() => receiver.received.length >= 4, 'four requests');
    const [a, b, c, d] = receiver.received;
    for (const r of [a, b, c, d]) expect(() => verify(hook.secret, r!)).not.toThrow();
    expect(new Set([a, b, c].map((r) => r?.headers['webhook-id'])).size).toBe(1);
    expect(a?.json).toMatchObject({ type: 'lead.created', data: { contactId: l.contactId, email: 'ada@example.com', firstName: 'Ada' } });
    expect(Date.parse(String(a?.json.timestamp))).toBeGreaterThan(0);
    // In order per contact: the update waited for the created event's retries.
    expect(d?.json).toMatchObject({ type: 'lead.updated', data: { contactId: l.contactId, lastName: 'Lovelace' } });
    expect(d?.headers['webhook-id']).not.toBe(a?.headers['webhook-id']);
    // Nothing about the device or network is sent.
    expect(Object.keys(a?.json.data ?? {})).not.toContain('ipNetwork');
    const log = await deliveriesOf(hook.id);
    expect(log.find((x) => x.type === 'lead.created')).toMatchObject({ status: 'delivered', attempts: 3, responseStatus: 200 });
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.received).toHaveLength(4);
    await receiver.close();
  });

  it('sends conversation.started once per conversation, and nothing for a plain resend of the same lead', async () => {
    const receiver = await startReceiver();
    await subscribe(receiver.url, ['conversation.started', 'lead.updated']);
    const visitorId = cid('vis');
    const sessionId = cid('ses');
    const start = await call(api.url, '/v1/conversations', { body: { site: t.siteKey, visitorId, sessionId, pageUrl: 'https://acme.example/p' } });
    const token = String(start.json.visitorToken);
    await call(api.url, '/v1/conversations', {
      body: { site: t.siteKey, visitorId, sessionId, pageUrl: 'https://acme.example/p' },
      headers: { 'x-parley-visitor': token },
    });
    await until(() => receiver.received.length >= 1, 'conversation.started');
    expect(receiver.received[0]?.json).toMatchObject({
      type: 'conversation.started',
      data: { conversationId: start.json.conversationId, visitorId, pageUrl: 'https://acme.example/p' },
    });
    const l = await lead('same@example.com');
    await l.update({ firstName: 'Ada' });
    await until(() => receiver.received.length >= 2, "the lead's conversation.started");
    // Then nothing more: the plain resend of the same lead is no news.
    await new Promise((r) => setTimeout(r, 800));
    expect(receiver.received.map((r) => r.json.type)).toEqual(['conversation.started', 'conversation.started']);
    await receiver.close();
  });

  it('sends contact.erased with ids only, and nothing for the contact after it', async () => {
    const receiver = await startReceiver(() => ({ status: 503 }));
    const hook = await subscribe(receiver.url, ['lead.created', 'lead.updated', 'contact.erased']);
    const l = await lead('erase.me@example.com');
    await until(() => receiver.received.length >= 1, 'the first attempt');
    await l.update({ lastName: 'Later' });
    expect((await call(api.url, `/v1/contacts/${l.contactId}`, { method: 'DELETE', headers: auth() })).status).toBe(200);
    const erasedAt = Date.now();
    receiver.answer(() => ({ status: 200 }));
    await until(() => receiver.received.some((r) => r.json.type === 'contact.erased'), 'contact.erased');
    await new Promise((r) => setTimeout(r, 600));
    const after = receiver.received.filter((r) => r.at >= erasedAt);
    expect(after.map((r) => r.json.type)).toEqual(['contact.erased']);
    expect(after[0]?.json.data).toEqual({ contactId: l.contactId, visitorId: l.visitorId });
    expect(after[0]?.body).not.toContain('erase.me');
    const log = await deliveriesOf(hook.id);
    expect(log.filter((x) => x.type.startsWith('lead.')).map((x) => x.status)).toEqual(['skipped', 'skipped']);
    await receiver.close();
  });

  it('never sends a restricted contact', async () => {
    const receiver = await startReceiver(() => ({ status: 500 }));
    const hook = await subscribe(receiver.url, ['lead.created', 'lead.updated']);
    const l = await lead('quiet@example.com');
    await until(() => receiver.received.length >= 1, 'the first attempt');
    const restricted = await call(api.url, `/v1/contacts/${l.contactId}`, { method: 'PATCH', body: { restricted: true }, headers: auth() });
    expect(restricted.status).toBe(200);
    receiver.answer(() => ({ status: 200 }));
    const sent = receiver.received.length;
    await l.update({ lastName: 'Changed' });
    await call(api.url, `/v1/contacts/${l.contactId}`, { method: 'PATCH', body: { company: 'Acme' }, headers: auth() });
    await until(async () => (await deliveriesOf(hook.id)).every((x) => x.status !== 'pending'), 'the queue to settle');
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.received.length).toBe(sent);
    expect((await deliveriesOf(hook.id)).map((x) => [x.type, x.status])).toEqual([['lead.created', 'skipped']]);
    await receiver.close();
  });
});
