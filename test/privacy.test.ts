import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import { db, tableName } from '../functions/lib/dynamo';
import { type TestServer, call, cid, newTenant, scanTenantData, startTestServer } from './support/api';

let api: TestServer;
let t: CreatedTenant;
beforeAll(async () => {
  api = await startTestServer({ trustProxy: true });
  t = await newTenant();
});
afterAll(() => api.close());

const auth = () => ({ authorization: `Bearer ${t.apiKey}` });

/** A visitor who browses (cookieless, then with an id), chats and leaves a lead. */
async function person(name: string, email: string, phone: string) {
  const visitorId = cid('vis');
  const sessionId = cid('ses');
  const headers = { 'x-forwarded-for': '203.0.113.50', 'user-agent': `Test ${name}` };
  const ev = (type = 'page_view') => ({ id: cid('evt'), type, ts: Date.now(), url: 'https://acme.example/', ...(type === 'scroll' ? { depth: 50 } : {}) });
  await call(api.url, '/v1/collect', { body: { site: t.siteKey, sessionId, events: [ev(), ev()] }, headers });
  const conv = await call(api.url, '/v1/conversations', { body: { site: t.siteKey, visitorId, sessionId, pageUrl: 'https://acme.example/' }, headers });
  const token = String(conv.json.visitorToken);
  const conversationId = String(conv.json.conversationId);
  await call(api.url, '/v1/collect', { body: { site: t.siteKey, visitorId, sessionId, events: [ev('scroll')] }, headers });
  for (const text of [`I am ${name}`, `Call me at ${phone}`]) {
    await call(api.url, `/v1/conversations/${conversationId}/messages`, {
      body: { id: cid('msg'), author: 'visitor', text, ts: Date.now() },
      headers: { 'x-parley-visitor': token },
    });
  }
  const lead = await call(api.url, '/v1/leads', {
    body: {
      site: t.siteKey,
      visitorId,
      conversationId,
      fields: { firstName: name, email, phone },
      answers: [{ question: 'Secret?', answer: `${name}-answer` }],
      consent: { marketing: true, text: 'ok' },
    },
    headers: { ...headers, 'x-parley-visitor': token },
  });
  return { visitorId, token, conversationId, contactId: String(lead.json.contactId), values: [name, email, phone, `${name}-answer`, `I am ${name}`] };
}

async function fullScan(): Promise<string> {
  const items: unknown[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new ScanCommand({ TableName: tableName(), ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return JSON.stringify(items);
}

describe('data-subject rights', () => {
  it('gives access to everything about a contact, and audits it', async () => {
    const p = await person('Kaisa', 'kaisa@example.fi', '+358401111111');
    const res = await call(api.url, `/v1/contacts/${p.contactId}`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      contact: { contactId: p.contactId, firstName: 'Kaisa', email: 'kaisa@example.fi', answers: [{ question: 'Secret?', answer: 'Kaisa-answer' }] },
      consent: { marketing: true, text: 'ok' },
      restricted: false,
    });
    expect((res.json.conversations as { messages: unknown[] }[])[0]!.messages).toHaveLength(2);
    expect(res.json.events).toHaveLength(3);
    const other = await newTenant();
    expect((await call(api.url, `/v1/contacts/${p.contactId}`, { headers: { authorization: `Bearer ${other.apiKey}` } })).status).toBe(404);
    expect((await call(api.url, '/v1/contacts/k_doesnotexist', { headers: auth() })).status).toBe(404);
  });

  it('rectifies with ingest validation, restricts and lifts, auditing field names only', async () => {
    const p = await person('Matti', 'matti@example.fi', '+358402222222');
    const bad = await call(api.url, `/v1/contacts/${p.contactId}`, { method: 'PATCH', body: { email: 'nope' }, headers: auth() });
    expect(bad.status).toBe(400);
    const fixed = await call(api.url, `/v1/contacts/${p.contactId}`, {
      method: 'PATCH',
      body: { email: 'Matti.M@Example.fi', lastName: 'Meikäläinen' },
      headers: auth(),
    });
    expect(fixed.status).toBe(200);
    expect(fixed.json).toMatchObject({ email: 'matti.m@example.fi', lastName: 'Meikäläinen' });
    await call(api.url, `/v1/contacts/${p.contactId}`, { method: 'PATCH', body: { restricted: true }, headers: auth() });
    const leads = await call(api.url, '/v1/leads?limit=1000', { headers: auth() });
    expect((leads.json.data as { contactId: string }[]).map((l) => l.contactId)).not.toContain(p.contactId);
    const csv = await (await fetch(`${api.url}/v1/leads?format=csv`, { headers: auth() })).text();
    expect(csv).not.toContain('matti.m@example.fi');
    await call(api.url, `/v1/contacts/${p.contactId}`, { method: 'PATCH', body: { restricted: false }, headers: auth() });
    expect(((await call(api.url, '/v1/leads?limit=1000', { headers: auth() })).json.data as { contactId: string }[]).map((l) => l.contactId)).toContain(
      p.contactId,
    );
    const audit = JSON.stringify((await call(api.url, '/v1/audit?limit=1000', { headers: auth() })).json.data);
    expect(audit).toContain('"action":"rectification"');
    expect(audit).toContain('"action":"restriction"');
    expect(audit).toContain('"action":"restriction_lifted"');
    expect(audit).not.toMatch(/matti|Meik/i);
  });

  it('erases a contact and everything linked, with a receipt whose counts match', async () => {
    const keep = await person('Liisa', 'liisa@example.fi', '+358403333333');
    const p = await person('Pekka', 'pekka@example.fi', '+358404444444');
    const data = async () => (await scanTenantData(t.tenantId)).filter((i) => i.entity !== 'audit');
    const before = await data();
    const mine = before.filter(
      (i) => [p.visitorId].includes(String(i.visitorId)) || String(i.PK).includes(p.conversationId) || String(i.contactId) === p.contactId,
    );
    const res = await call(api.url, `/v1/contacts/${p.contactId}`, { method: 'DELETE', headers: auth() });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      receiptId: expect.stringMatching(/^rcpt_/),
      erasedAt: expect.any(String),
      deleted: { contacts: 1, conversations: 1, messages: 2, visitors: 2 },
    });
    // Two visitor records: the cookieless id of the day, and the visitor's own id it was linked to.
    const deleted = res.json.deleted as Record<string, number>;
    expect(deleted.events).toBe(3);
    expect(Object.values(deleted).reduce((a, b) => a + b, 0)).toBe(before.length - (await data()).length);
    expect(mine.length).toBeGreaterThan(0);
    const table = await fullScan();
    for (const value of p.values) expect(table).not.toContain(value);
    for (const value of keep.values) expect(table).toContain(value);
    expect((await call(api.url, `/v1/contacts/${p.contactId}`, { headers: auth() })).status).toBe(404);
    const audit = (await call(api.url, '/v1/audit?limit=1000', { headers: auth() })).json.data as { action: string; details: { receiptId?: string } }[];
    expect(audit).toContainEqual(expect.objectContaining({ action: 'erasure', details: expect.objectContaining({ receiptId: res.json.receiptId }) }));
  });

  it('lets a visitor erase their own data with their token', async () => {
    const p = await person('Sanna', 'sanna@example.fi', '+358405555555');
    expect((await call(api.url, '/v1/visitors/me', { method: 'DELETE' })).status).toBe(401);
    const res = await call(api.url, '/v1/visitors/me', { method: 'DELETE', headers: { 'x-parley-visitor': p.token } });
    expect(res.status).toBe(204);
    const table = await fullScan();
    for (const value of p.values) expect(table).not.toContain(value);
    const audit = (await call(api.url, '/v1/audit?limit=1000', { headers: auth() })).json.data as { action: string; subject: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ action: 'erasure', subject: 'visitor' }));
  });
});

describe('access in spreadsheet formats', () => {
  it('answers the access request as CSV and XLSX rows too', async () => {
    const p = await person('Outi', 'outi@example.fi', '+358406666666');
    const csvRes = await fetch(`${api.url}/v1/contacts/${p.contactId}?format=csv`, { headers: auth() });
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-disposition')).toMatch(/^attachment; filename="parley-contact-.*\.csv"$/);
    const rows = parse(await csvRes.text()) as string[][];
    expect(rows[0]).toEqual(['section', 'id', 'time', 'field', 'value']);
    expect(rows).toContainEqual(['contact', p.contactId, expect.any(String), 'email', 'outi@example.fi']);
    expect(rows).toContainEqual(['answer', p.contactId, expect.any(String), 'Secret?', 'Outi-answer']);
    expect(rows).toContainEqual(['message', expect.any(String), expect.any(String), 'visitor', 'I am Outi']);
    expect(rows.filter((r) => r[0] === 'event')).toHaveLength(3);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await (await fetch(`${api.url}/v1/contacts/${p.contactId}?format=xlsx`, { headers: auth() })).arrayBuffer()) as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(2).getCell(3).value).toBeInstanceOf(Date);
    expect(sheet.rowCount).toBe(rows.length);
  });
});
