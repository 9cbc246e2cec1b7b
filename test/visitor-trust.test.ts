import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/schemas/settings';
import type { CreatedTenant } from '../functions/domain/tenants';
import { newMasterKeyEntry } from '../functions/lib/master-keys';
import { type TestServer, call, cid, newTenant, scanTenant, scanTenantData, startTestServer } from './support/api';

let api: TestServer;
let t: CreatedTenant;
const runKeys = process.env.PARLEY_MASTER_KEYS!;
beforeAll(async () => {
  api = await startTestServer({ trustProxy: true });
  t = await newTenant();
});
afterAll(() => api.close());
afterEach(() => {
  process.env.PARLEY_MASTER_KEYS = runKeys;
});

const start = (visitorId: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  call(api.url, '/v1/conversations', { body: { site: t.siteKey, visitorId, sessionId: cid('ses'), pageUrl: 'https://acme.example/', ...extra }, headers });
const lead = (visitorId: string, fields: Record<string, string>, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  call(api.url, '/v1/leads', { body: { site: t.siteKey, visitorId, fields, answers: [], consent: { marketing: false, text: '' }, ...extra }, headers });
const secret = () => cid('s').padEnd(43, 'x').slice(0, 43);

describe('visitor tokens', () => {
  it('are handed out once per visitor: knowing a visitor id does not mint another', async () => {
    const visitorId = cid('vis');
    const first = await start(visitorId);
    expect(first.status).toBe(201);
    const token = String(first.json.visitorToken);

    const attacker = await start(visitorId, {}, { 'x-forwarded-for': '198.51.100.9' });
    expect(attacker.status).toBe(401);
    expect(attacker.json.error?.code).toBe('visitor_token_required');
    expect(attacker.json.visitorToken).toBeUndefined();
    const conversations = (await scanTenantData(t.tenantId)).filter((i) => i.entity === 'conversation' && i.visitorId === visitorId);
    expect(conversations).toHaveLength(1);

    const resumed = await start(visitorId, {}, { 'x-parley-visitor': token });
    expect(resumed.status).toBe(201);
    expect(resumed.json.visitorToken).toBe(token);
    const forged = await start(visitorId, {}, { 'x-parley-visitor': `${token.slice(0, -3)}abc` });
    expect(forged.status).toBe(401);
  });

  it('come back for a retried first start with the same browser secret, and for no other secret', async () => {
    const visitorId = cid('vis');
    const visitorSecret = secret();
    const first = await start(visitorId, { visitorSecret });
    const retry = await start(visitorId, { visitorSecret });
    expect(retry.status).toBe(201);
    expect(retry.json.visitorToken).toBe(first.json.visitorToken);
    const other = await start(visitorId, { visitorSecret: secret() });
    expect(other.status).toBe(401);
    expect(JSON.stringify(await scanTenant(t.tenantId))).not.toContain(visitorSecret);
  });

  it("are needed to write a conversation's lead, and nobody overwrites a contact without one", async () => {
    const visitorId = cid('vis');
    const conv = await start(visitorId);
    const token = String(conv.json.visitorToken);
    const conversationId = String(conv.json.conversationId);
    const other = String((await start(cid('vis'))).json.visitorToken);

    expect((await lead(visitorId, { email: 'evil@example.com' }, { conversationId })).status).toBe(401);
    expect((await lead(visitorId, { email: 'evil@example.com' }, { conversationId }, { 'x-parley-visitor': other })).status).toBe(401);
    const real = await lead(visitorId, { email: 'aino@example.fi' }, { conversationId }, { 'x-parley-visitor': token });
    expect(real.status).toBe(201);
    expect((await lead(visitorId, { email: 'x@example.com' }, { conversationId: cid('conv') }, { 'x-parley-visitor': token })).status).toBe(404);

    // A lead without a conversation may be created, but not overwritten by someone else.
    const loose = cid('vis');
    expect((await lead(loose, { email: 'first@example.com' })).status).toBe(201);
    const overwrite = await lead(loose, { email: 'evil@example.com' });
    expect(overwrite.status).toBe(401);
    const contacts = (await scanTenantData(t.tenantId)).filter((i) => i.entity === 'contact');
    expect(contacts.map((c) => c.email).sort()).toEqual(['aino@example.fi', 'first@example.com']);
  });

  it("let a visitor's browser record only the bot flow's own lines as the bot", async () => {
    const conv = await start(cid('vis'));
    const path = `/v1/conversations/${String(conv.json.conversationId)}/messages`;
    const headers = { 'x-parley-visitor': String(conv.json.visitorToken) };
    const fake = await call(api.url, path, {
      body: { id: cid('m'), author: 'bot', text: 'Please send your password to help@evil.example', ts: Date.now() },
      headers,
    });
    expect(fake.status).toBe(403);
    expect(fake.json.error?.code).toBe('forbidden');
    const agent = await call(api.url, path, { body: { id: cid('m'), author: 'agent', text: 'hi', ts: Date.now() }, headers });
    expect(agent.status).toBe(403);
    const greeting = await call(api.url, path, { body: { id: cid('m'), author: 'bot', text: DEFAULT_SETTINGS.bot.greeting, ts: Date.now() }, headers });
    expect(greeting.status).toBe(201);
    const messages = (await scanTenantData(t.tenantId)).filter((i) => i.entity === 'message' && i.conversationId === conv.json.conversationId);
    expect(messages.map((m) => m.text)).toEqual([DEFAULT_SETTINGS.bot.greeting]);
  });

  it('are signed with keys derived from a master key outside the table, and survive a rotation', async () => {
    const profile = (await scanTenant(t.tenantId)).find((i) => i.entity === 'tenant')!;
    expect(Object.keys(profile).filter((k) => /secret/i.test(k))).toEqual([]);

    const visitorId = cid('vis');
    const token = String((await start(visitorId)).json.visitorToken);
    const erase = () => call(api.url, '/v1/visitors/me', { method: 'DELETE', headers: { 'x-parley-visitor': token } });

    // A new master key first, the old one still held: old tokens keep working.
    process.env.PARLEY_MASTER_KEYS = `${newMasterKeyEntry('r2')},${runKeys}`;
    const resumed = await start(visitorId, {}, { 'x-parley-visitor': token });
    expect(resumed.status).toBe(201);
    const fresh = String((await start(cid('vis'))).json.visitorToken);
    expect(fresh).toContain('.r2.');

    // Once the old key is dropped, what it signed is refused.
    process.env.PARLEY_MASTER_KEYS = newMasterKeyEntry('r3');
    expect((await erase()).status).toBe(401);
    process.env.PARLEY_MASTER_KEYS = runKeys;
    expect((await erase()).status).toBe(204);
  });
});

describe('ingest integrity', () => {
  it('keeps a transcript in the order the visitor saw it when timestamps tie', async () => {
    const tenant = await newTenant();
    const visitorId = cid('vis');
    const conv = await call(api.url, '/v1/conversations', {
      body: { site: tenant.siteKey, visitorId, sessionId: cid('ses'), pageUrl: 'https://acme.example/' },
    });
    const conversationId = String(conv.json.conversationId);
    const headers = { 'x-parley-visitor': String(conv.json.visitorToken) };
    const ts = Date.now();
    const lines = [
      { author: 'bot', text: DEFAULT_SETTINGS.bot.questions[0]!.text },
      { author: 'visitor', text: 'Aino' },
      { author: 'bot', text: DEFAULT_SETTINGS.bot.questions[1]!.text },
      { author: 'visitor', text: 'aino@example.fi' },
      { author: 'bot', text: DEFAULT_SETTINGS.bot.questions[2]!.text },
    ];
    // Ids chosen so that sorting by id (or time, then id) would scramble them.
    const ids = ['m_z', 'm_a', 'm_y', 'm_b', 'm_x'];
    const seqs: number[] = [];
    for (const [i, line] of lines.entries()) {
      const res = await call(api.url, `/v1/conversations/${conversationId}/messages`, { body: { id: ids[i], ...line, ts }, headers });
      expect(res.status).toBe(201);
      seqs.push(Number(res.json.seq));
    }
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const listed = await call(api.url, '/v1/conversations', { headers: { authorization: `Bearer ${tenant.apiKey}` } });
    const messages = (listed.json.data as { messages: { text: string }[] }[])[0]!.messages;
    expect(messages.map((m) => m.text)).toEqual(lines.map((l) => l.text));
    const csv = await (await fetch(`${api.url}/v1/conversations?format=csv`, { headers: { authorization: `Bearer ${tenant.apiKey}` } })).text();
    const positions = lines.map((l) => csv.indexOf(l.text));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('stores a cookieless event once per id, from a new address or under another visitor id', async () => {
    const event = { id: cid('evt'), type: 'page_view', ts: Date.now(), url: 'https://acme.example/' };
    const send = (ip: string, visitorId?: string) =>
      call(api.url, '/v1/collect', {
        body: { site: t.siteKey, sessionId: cid('ses'), ...(visitorId ? { visitorId } : {}), events: [event] },
        headers: { 'x-forwarded-for': ip, 'user-agent': 'Test' },
      });
    expect((await send('203.0.113.1')).json).toEqual({ accepted: 1, duplicates: 0 });
    expect((await send('198.51.100.2')).json).toEqual({ accepted: 0, duplicates: 1 });
    expect((await send('203.0.113.1', cid('vis'))).json).toEqual({ accepted: 0, duplicates: 1 });
    const stored = (await scanTenantData(t.tenantId)).filter((i) => i.entity === 'event' && i.eventId === event.id);
    expect(stored).toHaveLength(1);
  });

  it('refuses event times outside the last 24 hours or more than 5 minutes ahead, and exports every event it accepted', async () => {
    const tenant = await newTenant();
    const send = (ts: number | string) =>
      call(api.url, '/v1/collect', {
        body: { site: tenant.siteKey, sessionId: cid('ses'), events: [{ id: cid('evt'), type: 'page_view', ts, url: 'https://acme.example/' }] },
      });
    for (const ts of [Date.now() - 25 * 3_600_000, Date.now() + 10 * 60_000, '2019-01-01T00:00:00Z', Date.now() + 3 * 3_600_000]) {
      const res = await send(ts);
      expect(res.status, String(ts)).toBe(400);
      expect(res.json.error?.issues?.[0]?.path).toBe('events.0.ts');
    }
    expect(await scanTenantData(tenant.tenantId)).toEqual([]);
    const accepted = [Date.now() - 23 * 3_600_000, Date.now(), Date.now() + 4 * 60_000];
    for (const ts of accepted) expect((await send(ts)).status).toBe(202);
    const from = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const listed = await call(api.url, `/v1/events?from=${from}`, { headers: { authorization: `Bearer ${tenant.apiKey}` } });
    expect(listed.json.data).toHaveLength(accepted.length);
  });

  it('keeps the day index of events at least as long as any retention the tenant may later choose', async () => {
    const tenant = await newTenant();
    const auth = { authorization: `Bearer ${tenant.apiKey}` };
    await call(api.url, '/v1/settings', { method: 'PUT', body: { retentionDays: 1 }, headers: auth });
    await call(api.url, '/v1/collect', {
      body: { site: tenant.siteKey, sessionId: cid('ses'), events: [{ id: cid('evt'), type: 'page_view', ts: Date.now(), url: 'https://acme.example/' }] },
    });
    const marker = (await scanTenant(tenant.tenantId)).find((i) => i.entity === 'eventDay');
    // A marker gone before its events would hide them from every export after a longer retention is chosen.
    expect(Number(marker?.expiresAt)).toBeGreaterThan(Date.now() / 1000 + 3649 * 86_400);
  });
});
