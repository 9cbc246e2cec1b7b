import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import { db, tableName } from '../functions/lib/dynamo';
import { TenantKeys } from '../functions/lib/table-keys';
import { LEAD_COLUMNS } from '../shared/schemas/exports';
import { type TestServer, call, cid, newTenant, startTestServer } from './support/api';

let api: TestServer;
let a: CreatedTenant;
let b: CreatedTenant;
const contacts: string[] = [];
let conversationId = '';
let greeting = '';

const INJECTIONS = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTabbed', '\rCarriage', '\nLinefeed'];

beforeAll(async () => {
  api = await startTestServer();
  a = await newTenant({ name: 'A' });
  b = await newTenant({ name: 'B' });
  const visitorId = cid('vis');
  const conv = await call(api.url, '/v1/conversations', {
    body: { site: a.siteKey, visitorId, sessionId: cid('ses'), pageUrl: 'https://acme.example/p?utm_source=ads&utm_medium=cpc&utm_campaign=q4' },
  });
  conversationId = String(conv.json.conversationId);
  // The bot may only say its flow's lines.
  greeting = String(((await call(api.url, `/v1/widget/config?site=${a.siteKey}`)).json.bot as { greeting: string }).greeting);
  for (const [i, text] of [greeting, 'Do you ship?'].entries()) {
    await call(api.url, `/v1/conversations/${conversationId}/messages`, {
      body: { id: cid('msg'), author: i ? 'visitor' : 'bot', text, ts: Date.now() + i },
      headers: { 'x-parley-visitor': String(conv.json.visitorToken) },
    });
  }
  const leads = [
    {
      visitorId,
      conversationId,
      fields: { firstName: 'Aino', lastName: 'Virtanen', email: 'aino@example.fi', company: 'Example Oy' },
      answers: [{ question: 'Need?', answer: 'Pricing' }],
      consent: { marketing: true, text: 'News?' },
    },
    {
      visitorId: cid('vis'),
      fields: { firstName: INJECTIONS[0], email: 'b@example.fi', company: 'Example Oy' },
      answers: INJECTIONS.slice(1).map((answer) => ({ question: 'Q', answer })),
      consent: { marketing: false, text: '' },
    },
    {
      visitorId: cid('vis'),
      fields: { email: 'c@gmail.com', company: '+1+1', phone: '+358 40 123 4567' },
      answers: [],
      consent: { marketing: false, text: '' },
    },
  ];
  for (const lead of leads) {
    const res = await call(api.url, '/v1/leads', {
      body: { site: a.siteKey, ...lead },
      headers: lead.conversationId ? { 'x-parley-visitor': String(conv.json.visitorToken) } : {},
    });
    expect(res.status).toBe(201);
    contacts.push(String(res.json.contactId));
  }
  await call(api.url, '/v1/collect', {
    body: {
      site: a.siteKey,
      visitorId,
      sessionId: cid('ses'),
      events: [{ id: cid('evt'), type: 'click', ts: Date.now(), url: 'https://acme.example/', tag: 'a', text: 'Pricing', href: '/pricing' }],
    },
  });
});
afterAll(() => api.close());

const auth = (t: CreatedTenant) => ({ authorization: `Bearer ${t.apiKey}` });

async function download(path: string, t: CreatedTenant) {
  const res = await fetch(`${api.url}${path}`, { headers: auth(t) });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('GET /v1/leads', () => {
  it('answers JSON pages in the SPEC column order', async () => {
    const res = await call(api.url, '/v1/leads', { headers: auth(a) });
    expect(res.status).toBe(200);
    const data = res.json.data as Record<string, unknown>[];
    expect(data).toHaveLength(3);
    for (const row of data) expect(Object.keys(row)).toEqual(LEAD_COLUMNS);
    expect(data[0]).toMatchObject({
      contactId: contacts[0],
      firstName: 'Aino',
      consentMarketing: true,
      utmSource: 'ads',
      utmCampaign: 'q4',
      conversationId,
      answers: [{ question: 'Need?', answer: 'Pricing' }],
    });
    expect(res.json.nextCursor).toBeNull();
  });

  it('pages with opaque cursors, losing and repeating nothing, and refuses a tampered cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(api.url, `/v1/leads?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: auth(a) });
      seen.push(...(res.json.data as { contactId: string }[]).map((r) => r.contactId));
      cursor = res.json.nextCursor as string | null;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(contacts);
    const first = await call(api.url, '/v1/leads?limit=1', { headers: auth(a) });
    const token = String(first.json.nextCursor);
    const tampered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
    const bad = await call(api.url, `/v1/leads?cursor=${encodeURIComponent(tampered)}`, { headers: auth(a) });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe('invalid_cursor');
    const foreign = await call(api.url, `/v1/leads?cursor=${encodeURIComponent(token)}`, { headers: auth(b) });
    expect(foreign.status).toBe(400);
  });

  it('streams RFC 4180 CSV with the SPEC header and neutralised formulas', async () => {
    const { res, bytes } = await download('/v1/leads?format=csv', a);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="parley-leads-.*\.csv"$/);
    const rows = parse(bytes, { bom: true }) as string[][];
    expect(rows[0]).toEqual(LEAD_COLUMNS);
    expect(rows).toHaveLength(4);
    const byId = new Map(rows.slice(1).map((r) => [r[0], Object.fromEntries(LEAD_COLUMNS.map((c, i) => [c, r[i]]))]));
    const injected = byId.get(contacts[1])!;
    expect(injected.firstName).toBe(`'${INJECTIONS[0]}`);
    for (const line of String(injected.answers).split('\n')) expect(line).toMatch(/^Q: /);
    expect(byId.get(contacts[2])!.company).toBe("'+1+1");
    expect(byId.get(contacts[2])!.phone).toBe("'+358 40 123 4567");
    expect(byId.get(contacts[0])!.consentMarketing).toBe('true');
    for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r\n]/);
  });

  it('streams a real XLSX workbook with typed cells', async () => {
    const { res, bytes } = await download('/v1/leads?format=xlsx', a);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; .*\.xlsx"$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(LEAD_COLUMNS);
    expect(sheet.rowCount).toBe(4);
    const col = (name: string) => LEAD_COLUMNS.indexOf(name as (typeof LEAD_COLUMNS)[number]) + 1;
    const first = sheet.getRow(2);
    expect(first.getCell(col('createdAt')).value).toBeInstanceOf(Date);
    expect(Math.abs((first.getCell(col('createdAt')).value as Date).getTime() - Date.now())).toBeLessThan(10 * 60_000);
    expect(first.getCell(col('consentMarketing')).value).toBe(true);
    expect(sheet.getRow(3).getCell(col('consentMarketing')).value).toBe(false);
    expect(sheet.getRow(3).getCell(col('firstName')).value).toBe(`'${INJECTIONS[0]}`);
    expect(sheet.getRow(4).getCell(col('company')).value).toBe("'+1+1");
  });

  it('chooses the format from Accept when no format= is given', async () => {
    const res = await fetch(`${api.url}/v1/leads`, { headers: { ...auth(a), accept: 'text/csv' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await res.text()).split('\r\n')[0]).toBe(LEAD_COLUMNS.join(','));
  });

  it('filters by capture time', async () => {
    const future = await call(api.url, `/v1/leads?from=${new Date(Date.now() + 3_600_000).toISOString()}`, { headers: auth(a) });
    expect(future.json.data).toEqual([]);
    const today = await call(api.url, `/v1/leads?from=${new Date().toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}`, {
      headers: auth(a),
    });
    expect(today.json.data).toHaveLength(3);
    expect((await call(api.url, '/v1/leads?from=yesterday', { headers: auth(a) })).status).toBe(400);
  });
});

describe('other entities', () => {
  it('exports conversations with their messages, events and organisations', async () => {
    const conversations = await call(api.url, '/v1/conversations', { headers: auth(a) });
    expect(conversations.json.data).toEqual([
      expect.objectContaining({
        conversationId,
        contactId: contacts[0],
        messageCount: 2,
        messages: [expect.objectContaining({ author: 'bot', text: greeting }), expect.objectContaining({ author: 'visitor', text: 'Do you ship?' })],
      }),
    ]);
    const events = await call(api.url, '/v1/events', { headers: auth(a) });
    expect(events.json.data).toEqual([expect.objectContaining({ type: 'click', tag: 'a', text: 'Pricing', href: '/pricing' })]);
    const orgs = await call(api.url, '/v1/organizations', { headers: auth(a) });
    expect(orgs.json.data).toEqual([
      expect.objectContaining({ organization: 'Example Oy', domain: 'example.fi', leadCount: 2 }),
      expect.objectContaining({ organization: '+1+1', domain: '', leadCount: 1 }),
    ]);
    const csv = parse((await download('/v1/conversations?format=csv', a)).bytes) as string[][];
    expect(csv[1]![csv[0]!.indexOf('messages')]).toContain(`bot: ${greeting}\n`);
    expect(csv[1]![csv[0]!.indexOf('messages')]).toMatch(/visitor: Do you ship\?/);
    const eventsXlsx = new ExcelJS.Workbook();
    await eventsXlsx.xlsx.load((await download('/v1/events?format=xlsx', a)).bytes as unknown as ArrayBuffer);
    expect(eventsXlsx.worksheets[0]!.rowCount).toBe(2);
    const orgsCsv = parse((await download('/v1/organizations?format=csv', a)).bytes) as string[][];
    expect(orgsCsv[0]).toEqual(['organization', 'domain', 'leadCount', 'firstSeen', 'lastSeen']);
    expect(orgsCsv[2]![0]).toBe("'+1+1");
  });

  it('shows another tenant nothing, and an unknown key nothing at all', async () => {
    for (const path of ['/v1/leads', '/v1/conversations', '/v1/events', '/v1/organizations']) {
      const res = await call(api.url, path, { headers: auth(b) });
      expect(res.status).toBe(200);
      expect(res.json.data).toEqual([]);
      expect((await call(api.url, path)).status).toBe(401);
    }
  });

  it('leaves out restricted contacts and anything past its expiry', async () => {
    const t = await newTenant();
    const ids: string[] = [];
    for (const email of ['keep@example.com', 'restricted@example.com', 'expired@example.com']) {
      const res = await call(api.url, '/v1/leads', {
        body: { site: t.siteKey, visitorId: cid('vis'), fields: { email }, answers: [], consent: { marketing: false, text: '' } },
      });
      ids.push(String(res.json.contactId));
    }
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: TenantKeys.contact(t.tenantId, ids[1]!),
        UpdateExpression: 'SET restricted = :t',
        ExpressionAttributeValues: { ':t': true },
      }),
    );
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: TenantKeys.contact(t.tenantId, ids[2]!),
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    const json = await call(api.url, '/v1/leads', { headers: auth(t) });
    expect((json.json.data as { email: string }[]).map((r) => r.email)).toEqual(['keep@example.com']);
    const csv = await (await fetch(`${api.url}/v1/leads?format=csv`, { headers: auth(t) })).text();
    expect(csv).not.toMatch(/restricted@|expired@/);
  });

  it('audits every export with key, entity, format and row count', async () => {
    await download('/v1/leads?format=csv', a);
    const audit = await call(api.url, '/v1/audit?limit=1000', { headers: auth(a) });
    const entries = audit.json.data as { action: string; actor: string; subject: string; details: Record<string, unknown> }[];
    const keyId = a.apiKey.split('_')[2];
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'export', actor: `key:${keyId}`, subject: 'leads', details: expect.objectContaining({ format: 'csv', rows: 3 }) }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'export', subject: 'leads', details: expect.objectContaining({ format: 'xlsx', rows: 3 }) }),
    );
    expect(JSON.stringify(entries)).not.toMatch(/aino|example\.fi|Virtanen/i);
  });
});
