import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unzipSync, strFromU8 } from 'fflate';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTenant } from '../functions/domain/closure';
import { purgeExpired } from '../functions/domain/retention';
import type { CreatedTenant } from '../functions/domain/tenants';
import { db, tableName } from '../functions/lib/dynamo';
import { setLogSink } from '../functions/lib/log';
import { TenantKeys } from '../functions/lib/table-keys';
import { LEAD_COLUMNS } from '../shared/schemas/exports';
import { type TestServer, call, cid, newTenant, scanTenant, scanTenantData, startTestServer } from './support/api';

let api: TestServer;
const logLines: string[] = [];
beforeAll(async () => {
  setLogSink((line) => logLines.push(line));
  api = await startTestServer({ trustProxy: true });
});
afterAll(() => api.close());

const DAY = 86_400_000;
const auth = (t: CreatedTenant) => ({ authorization: `Bearer ${t.apiKey}` });

async function seed(t: CreatedTenant, email: string, ip = '198.51.100.77') {
  const visitorId = cid('vis');
  const headers = { 'x-forwarded-for': ip, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' };
  const conv = await call(api.url, '/v1/conversations', {
    body: { site: t.siteKey, visitorId, sessionId: cid('ses'), pageUrl: 'https://acme.example/' },
    headers,
  });
  await call(api.url, `/v1/conversations/${String(conv.json.conversationId)}/messages`, {
    body: { id: cid('msg'), author: 'visitor', text: `mail me at ${email}`, ts: Date.now() },
    headers: { ...headers, 'x-parley-visitor': String(conv.json.visitorToken) },
  });
  await call(api.url, '/v1/collect', {
    body: { site: t.siteKey, visitorId, sessionId: cid('ses'), events: [{ id: cid('evt'), type: 'page_view', ts: Date.now(), url: 'https://acme.example/' }] },
    headers,
  });
  const lead = await call(api.url, '/v1/leads', {
    body: {
      site: t.siteKey,
      visitorId,
      conversationId: conv.json.conversationId,
      fields: { email, phone: '+358 50 987 6543' },
      answers: [],
      consent: { marketing: false, text: '' },
    },
    headers: { ...headers, 'x-parley-visitor': String(conv.json.visitorToken) },
  });
  return String(lead.json.contactId);
}

describe('retention', () => {
  it('purges exactly what is past retention, also after retention is shortened', async () => {
    const t = await newTenant();
    const other = await newTenant();
    await seed(t, 'old@example.com');
    await seed(other, 'other@example.com');
    const items = await scanTenantData(t.tenantId);
    const dataCount = items.filter((i) => i.entity !== 'audit').length;

    // Nothing is past the default 395 days.
    expect((await purgeExpired(new Date(), { tenantIds: [t.tenantId] })).tenants[t.tenantId]).toBeUndefined();
    // 396 days later, everything captured today is past retention; audit entries stay.
    const later = new Date(Date.now() + 396 * DAY);
    const result = await purgeExpired(later, { tenantIds: [t.tenantId, other.tenantId] });
    // The outbox and hourly counts expire too, but are not data a person left (scanTenantData leaves them out).
    const {
      salts = 0,
      rateWindows: _counters = 0,
      outbox: _outbox = 0,
      delivery: _deliveries = 0,
      activity: _activity = 0,
      ...purged
    } = result.tenants[t.tenantId] ?? {};
    expect(salts).toBe(1);
    expect(Object.values(purged).reduce((a, b) => a + b, 0)).toBe(dataCount);
    expect((await scanTenantData(t.tenantId)).filter((i) => i.entity !== 'audit')).toEqual([]);
    expect((await scanTenantData(t.tenantId)).some((i) => i.entity === 'audit' && i.action === 'purge')).toBe(true);
    // The other tenant's data is past retention at that date too: the job covers every tenant.
    expect(result.tenants[other.tenantId]).toBeDefined();
  });

  it('applies a shortened retention at once, leaving newer items', async () => {
    const t = await newTenant();
    const oldContact = await seed(t, 'aged@example.com');
    const freshContact = await seed(t, 'fresh@example.com');
    // Make one contact 40 days old.
    const aged = new Date(Date.now() - 40 * DAY).toISOString();
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: TenantKeys.contact(t.tenantId, oldContact),
        UpdateExpression: 'SET createdAt = :c',
        ExpressionAttributeValues: { ':c': aged },
      }),
    );
    const settings = (await call(api.url, '/v1/settings', { headers: auth(t) })).json.settings as Record<string, unknown>;
    expect((await call(api.url, '/v1/settings', { method: 'PUT', body: { ...settings, retentionDays: 30 }, headers: auth(t) })).status).toBe(200);
    const result = await purgeExpired(new Date(), { tenantIds: [t.tenantId] });
    expect(result.tenants[t.tenantId]).toEqual({ contacts: 1 });
    const left = await scanTenantData(t.tenantId);
    expect(left.some((i) => i.contactId === oldContact && i.entity === 'contact')).toBe(false);
    expect(left.some((i) => i.contactId === freshContact && i.entity === 'contact')).toBe(true);
  });

  it('never returns an item past its expiry, even before it is deleted', async () => {
    const t = await newTenant();
    const contactId = await seed(t, 'ttl@example.com');
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: TenantKeys.contact(t.tenantId, contactId),
        UpdateExpression: 'SET expiresAt = :p',
        ExpressionAttributeValues: { ':p': Math.floor(Date.now() / 1000) - 60 },
      }),
    );
    expect((await call(api.url, '/v1/leads', { headers: auth(t) })).json.data).toEqual([]);
    expect((await call(api.url, `/v1/contacts/${contactId}`, { headers: auth(t) })).status).toBe(404);
  });
});

describe('closure and the full export', () => {
  it('exports everything as one archive, then closure leaves zero items of the tenant and all of another', async () => {
    const t = await newTenant();
    const other = await newTenant();
    await seed(t, 'leaving@example.com');
    await seed(other, 'staying@example.com');
    const res = await fetch(`${api.url}/v1/export`, { headers: auth(t) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="parley-export-.*\.zip"$/);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    for (const name of ['leads', 'conversations', 'events', 'audit', 'organizations']) {
      expect(files[`${name}.json`]).toBeDefined();
      expect(files[`${name}.csv`]).toBeDefined();
    }
    expect(JSON.parse(strFromU8(files['leads.json']!))).toEqual([expect.objectContaining({ email: 'leaving@example.com' })]);
    expect((parse(Buffer.from(files['leads.csv']!)) as string[][])[0]).toEqual(LEAD_COLUMNS);
    expect(JSON.parse(strFromU8(files['conversations.json']!))[0].messages).toHaveLength(1);
    expect(JSON.parse(strFromU8(files['manifest.json']!)).counts).toMatchObject({ leads: 1, conversations: 1, events: 1, organizations: 1 });
    expect(Object.keys(files).filter((f) => f.startsWith('schemas/'))).toHaveLength(6);
    expect(JSON.parse(strFromU8(files['settings.json']!)).siteKey).toBe(t.siteKey);

    // The other tenant's data (the delivery worker's own counters may move meanwhile).
    const otherBefore = (await scanTenantData(other.tenantId)).length;
    const closed = await call(api.url, '/v1/tenant/close', { body: { confirm: 'wrong' }, headers: auth(t) });
    expect(closed.status).toBe(400);
    const receipt = await call(api.url, '/v1/tenant/close', { body: { confirm: t.tenantId }, headers: auth(t) });
    expect(receipt.status).toBe(200);
    expect(receipt.json).toMatchObject({
      receiptId: expect.stringMatching(/^close_/),
      tenantId: t.tenantId,
      deleted: expect.objectContaining({ contacts: 1, tenants: 1, apiKeys: 1 }),
    });
    expect(await scanTenant(t.tenantId)).toEqual([]);
    expect((await scanTenantData(other.tenantId)).length).toBe(otherBefore);
    expect((await call(api.url, '/v1/leads', { headers: auth(t) })).status).toBe(401);
    expect((await call(api.url, `/v1/widget/config?site=${t.siteKey}`)).status).toBe(404);
    // A closure run again (e.g. after an interruption) is harmless.
    expect((await closeTenant(t.tenantId)).deleted).toEqual({});
  });
});

describe('logs', () => {
  it('hold no raw IP, email, phone, message text or secret key after ingest, export, erasure and errors', async () => {
    const t = await newTenant();
    const contactId = await seed(t, 'secret.person@example.org', '192.0.2.201');
    await fetch(`${api.url}/v1/leads?format=csv`, { headers: auth(t) });
    await call(api.url, '/v1/leads', { headers: { authorization: `Bearer ${t.apiKey}x` } });
    await call(api.url, `/v1/contacts/${contactId}`, { method: 'DELETE', headers: auth(t) });
    await purgeExpired(new Date(), { tenantIds: [t.tenantId] });
    const text = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of ['192.0.2.201', 'secret.person@example.org', '987 6543', 'mail me at', t.apiKey, t.apiKey.split('_')[3]!])
      expect(text).not.toContain(secret);
  });
});
