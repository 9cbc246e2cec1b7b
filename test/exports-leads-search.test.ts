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
let t: CreatedTenant;
const ids = new Map<string, string>();

const PEOPLE = [
  { firstName: 'Łukasz', lastName: 'Wałęsa', email: 'lukasz@firma.pl', company: 'Żabka Sp. z o.o.' },
  { firstName: 'Jürgen', lastName: 'Müller', email: 'jm@example.de', company: 'Müller GmbH' },
  { firstName: 'Aino', lastName: 'Virtanen', email: 'aino@example.fi', phone: '+358 40 123 4501', company: 'Example Oy' },
  { firstName: 'Åsa', lastName: 'Öberg', email: 'asa@example.se', company: 'Ärlig AB' },
  { firstName: 'Zoë', lastName: 'Ng', email: 'ZOE@EXAMPLE.COM', company: 'Café Crème' },
];

beforeAll(async () => {
  api = await startTestServer();
  t = await newTenant();
  // Many non-matching leads between the matches, so a page of pure non-matches can happen.
  for (let i = 0; i < 12; i++) await lead({ firstName: `Filler${i}`, email: `filler${i}@test.org` });
  for (const person of PEOPLE) ids.set(person.email.toLowerCase(), await lead(person));
  for (let i = 12; i < 18; i++) await lead({ firstName: `Filler${i}`, email: `filler${i}@test.org` });
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: TenantKeys.contact(t.tenantId, ids.get('jm@example.de')!),
      UpdateExpression: 'SET restricted = :t',
      ExpressionAttributeValues: { ':t': true },
    }),
  );
});
afterAll(() => api.close());

async function lead(fields: Record<string, string>): Promise<string> {
  const res = await call(api.url, '/v1/leads', {
    body: { site: t.siteKey, visitorId: cid('vis'), fields, answers: [], consent: { marketing: false, text: '' } },
  });
  expect(res.status).toBe(201);
  return String(res.json.contactId);
}

const auth = () => ({ authorization: `Bearer ${t.apiKey}` });
type Lead = Record<string, unknown> & { email: string };

/** Every page of a JSON listing, with the number of pages it took. */
async function allPages(query: string, limit: number): Promise<{ rows: Lead[]; pages: number }> {
  const rows: Lead[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await call(api.url, `/v1/leads?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: auth() });
    expect(res.status).toBe(200);
    const data = res.json.data as Lead[];
    expect(data.length).toBeLessThanOrEqual(limit);
    rows.push(...data);
    cursor = res.json.nextCursor as string | null;
    pages += 1;
  } while (cursor && pages < 50);
  return { rows, pages };
}

describe('GET /v1/leads?q=', () => {
  it.each([
    ['lukasz', ['lukasz@firma.pl']],
    ['ŁUKASZ', ['lukasz@firma.pl']],
    ['walesa', ['lukasz@firma.pl']],
    ['zabka', ['lukasz@firma.pl']],
    ['muller', []],
    ['aino virtanen', ['aino@example.fi']],
    ['123 4501', ['aino@example.fi']],
    ['EXAMPLE.FI', ['aino@example.fi']],
    ['oberg', ['asa@example.se']],
    ['asa', ['asa@example.se']],
    ['arlig', ['asa@example.se']],
    ['zoe', ['zoe@example.com']],
    ['cafe creme', ['zoe@example.com']],
    ['example.', ['aino@example.fi', 'asa@example.se', 'zoe@example.com']],
    ['filler1', ['filler1@test.org', ...Array.from({ length: 8 }, (_, i) => `filler${10 + i}@test.org`)].sort()],
    ['nobody-at-all', []],
  ])('finds %j case- and accent-insensitively', async (q, emails) => {
    const { rows } = await allPages(`q=${encodeURIComponent(q)}`, 100);
    expect(rows.map((r) => r.email).sort()).toEqual(emails);
  });

  it('fills pages with matches across non-matching rows, and the pages hold exactly the matches', async () => {
    const single = await call(api.url, '/v1/leads?q=example.&limit=2', { headers: auth() });
    expect(single.json.data).toHaveLength(2);
    const { rows, pages } = await allPages('q=a', 1);
    const expected = (await allPages('q=a', 100)).rows;
    expect(rows).toEqual(expected);
    expect(expected.map((r) => r.email).sort()).toEqual(['aino@example.fi', 'asa@example.se', 'lukasz@firma.pl', 'zoe@example.com']);
    expect(pages).toBeGreaterThanOrEqual(4);
  });

  it('applies to CSV and XLSX too', async () => {
    const csv = parse(await (await fetch(`${api.url}/v1/leads?format=csv&q=m%C3%BCller%20gmbh`, { headers: auth() })).text()) as string[][];
    expect(csv).toEqual([LEAD_COLUMNS]);
    const csv2 = parse(await (await fetch(`${api.url}/v1/leads?format=csv&q=wa%C5%82%C4%99sa`, { headers: auth() })).text()) as string[][];
    expect(csv2.slice(1).map((r) => r[LEAD_COLUMNS.indexOf('email')])).toEqual(['lukasz@firma.pl']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await (await fetch(`${api.url}/v1/leads?format=xlsx&q=OBERG`, { headers: auth() })).arrayBuffer()) as ArrayBuffer);
    expect(book.worksheets[0]!.rowCount).toBe(2);
  });

  it('keeps the search text out of the audit log', async () => {
    await call(api.url, '/v1/leads?q=virtanen', { headers: auth() });
    const audit = await call(api.url, '/v1/audit?limit=1000', { headers: auth() });
    expect(audit.json.data).toContainEqual(expect.objectContaining({ action: 'export', subject: 'leads', details: expect.objectContaining({ search: true }) }));
    expect(JSON.stringify(audit.json.data)).not.toMatch(/virtanen/i);
  });
});

describe('GET /v1/leads?restricted=include', () => {
  it('lists restricted contacts too, each marked, while the default listing and files leave them out', async () => {
    const { rows } = await allPages('restricted=include', 7);
    expect(rows).toHaveLength(PEOPLE.length + 18);
    const restricted = rows.filter((r) => r.restricted === true);
    expect(restricted.map((r) => r.email)).toEqual(['jm@example.de']);
    expect(rows.filter((r) => r.restricted === false)).toHaveLength(PEOPLE.length + 17);
    const plain = (await allPages('restricted=exclude', 100)).rows;
    expect(plain.map((r) => r.email)).not.toContain('jm@example.de');
    expect(plain[0]).not.toHaveProperty('restricted');
    expect((await allPages('q=muller&restricted=include', 100)).rows.map((r) => r.email)).toEqual(['jm@example.de']);
    for (const format of ['csv', 'xlsx']) {
      const res = await call(api.url, `/v1/leads?format=${format}&restricted=include`, { headers: auth() });
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ code: 'invalid_request', issues: [expect.objectContaining({ path: 'restricted' })] });
    }
    expect((await call(api.url, '/v1/leads?restricted=all', { headers: auth() })).status).toBe(400);
  });
});

describe('GET /v1/leads?format=csv&bom=1', () => {
  it('starts with a UTF-8 BOM only when asked', async () => {
    const withBom = Buffer.from(await (await fetch(`${api.url}/v1/leads?format=csv&bom=1`, { headers: auth() })).arrayBuffer());
    expect([...withBom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(withBom.subarray(3).toString('utf8').split('\r\n')[0]).toBe(LEAD_COLUMNS.join(','));
    expect(withBom.toString('utf8')).toContain('Łukasz');
    const without = Buffer.from(await (await fetch(`${api.url}/v1/leads?format=csv`, { headers: auth() })).arrayBuffer());
    expect(without.toString('utf8').startsWith(LEAD_COLUMNS.join(','))).toBe(true);
    expect((await call(api.url, '/v1/leads?format=csv&bom=yes', { headers: auth() })).status).toBe(400);
    const access = Buffer.from(await (await fetch(`${api.url}/v1/contacts/${ids.get('lukasz@firma.pl')}?format=csv&bom=1`, { headers: auth() })).arrayBuffer());
    expect([...access.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(access.toString('utf8')).toContain('Łukasz');
  });
});

describe('the OpenAPI description', () => {
  it('documents q, restricted and bom on GET /v1/leads', async () => {
    const doc = (await call(api.url, '/v1/openapi.json')).json as { paths: Record<string, Record<string, { parameters?: { name: string }[] }>> };
    const names = doc.paths['/v1/leads']!.get!.parameters!.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['format', 'from', 'to', 'limit', 'cursor', 'bom', 'q', 'restricted']));
    expect(doc.paths['/v1/events']!.get!.parameters!.map((p) => p.name)).not.toContain('q');
  });
});
