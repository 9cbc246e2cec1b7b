import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import { LEAD_COLUMNS } from '../shared/schemas/exports';
import { type TestServer, call, cid, newTenant, startTestServer } from './support/api';

let api: TestServer;
let t: CreatedTenant;
const contacts: string[] = [];

/** Answers and names a spreadsheet could run, hidden behind line breaks and invisible characters. */
const LEADS = [
  {
    fields: { firstName: 'Two', email: 'two@example.fi', phone: '+358 40 123 4501' },
    answers: [
      { question: 'Need?', answer: 'Pricing' },
      { question: 'Team?', answer: 'Ten' },
    ],
  },
  {
    fields: { firstName: 'Formula', email: 'f@example.fi' },
    answers: [
      { question: 'Q', answer: 'x\n=1+1' },
      { question: 'R', answer: 'y\r+2' },
      { question: 'S', answer: 'z\r\n@SUM(A1)' },
    ],
  },
  {
    fields: { firstName: '\u200B=HYPERLINK("http://evil.example")', lastName: '\u2060+1', company: '\uFF1D1+1', email: 'g@example.fi' },
    pageUrl: 'https://acme.example/?utm_source=%C2%A0%3Dcmd&utm_medium=%E2%80%8B%2B1&utm_campaign=%20%20q4%20',
    answers: [{ question: 'Q', answer: '\uFF1D1+1' }],
  },
  { fields: { firstName: 'Quote "q", comma', email: 'h@example.fi' }, answers: [] },
];

const auth = () => ({ authorization: `Bearer ${t.apiKey}` });

beforeAll(async () => {
  api = await startTestServer();
  t = await newTenant();
  for (const lead of LEADS) {
    const res = await call(api.url, '/v1/leads', { body: { site: t.siteKey, visitorId: cid('vis'), consent: { marketing: false, text: '' }, ...lead } });
    expect(res.status).toBe(201);
    contacts.push(String(res.json.contactId));
  }
});
afterAll(() => api.close());

/**
 * RFC 4180 read strictly: no loose quotes, every record as wide as the
 * header, and any unquoted line break ends a record (as Excel reads it), so a
 * field holding a bare CR or LF must be quoted.
 */
const strict = (text: string) =>
  parse(text, { relax_quotes: false, relax_column_count: false, skip_empty_lines: false, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];

/** No physical line of the file may start what a line-based reader would take for a formula. */
function expectNoLineStartsAFormula(text: string) {
  for (const line of text.split(/\r\n|\r|\n/)) expect(line).not.toMatch(/^[\s\u00A0\u200B-\u200D\u2060\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/);
}

describe('CSV safety', () => {
  it('keeps each lead on one record however many lines its answers have, and no line starts a formula', async () => {
    const text = await (await fetch(`${api.url}/v1/leads?format=csv`, { headers: auth() })).text();
    const rows = strict(text);
    expect(rows).toHaveLength(1 + LEADS.length);
    expect(rows[0]).toEqual(LEAD_COLUMNS);
    const byId = new Map(rows.slice(1).map((r) => [r[0], Object.fromEntries(LEAD_COLUMNS.map((c, i) => [c, r[i]!]))]));
    expect(byId.get(contacts[0])!.answers).toBe('Need?: Pricing\nTeam?: Ten');
    expect(byId.get(contacts[1])!.answers).toBe("Q: x\n'=1+1\nR: y\r'+2\nS: z\r\n'@SUM(A1)");
    expect(byId.get(contacts[3])!.firstName).toBe('Quote "q", comma');
    expectNoLineStartsAFormula(text);
  });

  it('neutralises formulas behind whitespace, no-break and zero-width spaces and full-width signs', async () => {
    const rows = strict(await (await fetch(`${api.url}/v1/leads?format=csv`, { headers: auth() })).text());
    const lead = Object.fromEntries(LEAD_COLUMNS.map((c, i) => [c, rows.find((r) => r[0] === contacts[2])![i]!]));
    expect(lead.firstName).toBe(`'\u200B=HYPERLINK("http://evil.example")`);
    expect(lead.lastName).toBe("'\u2060+1");
    expect(lead.company).toBe("'\uFF1D1+1");
    // Campaign tags are trimmed of what was never meant, then guarded like the rest.
    expect([lead.utmSource, lead.utmMedium, lead.utmCampaign]).toEqual(["'=cmd", "'+1", 'q4']);
    expect(lead.answers).toBe('Q: \uFF1D1+1');
    expect(rows.find((r) => r[0] === contacts[0])![LEAD_COLUMNS.indexOf('phone')]).toBe("'+358 40 123 4501");
  });

  it('writes phones in XLSX as text cells exactly as typed, and guards every other formula-like text', async () => {
    const res = await fetch(`${api.url}/v1/leads?format=xlsx`, { headers: auth() });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const col = (name: string) => LEAD_COLUMNS.indexOf(name as (typeof LEAD_COLUMNS)[number]) + 1;
    const row = (contactId: string) => sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === contactId)!;
    const phone = row(contacts[0]!).getCell(col('phone'));
    expect(phone.value).toBe('+358 40 123 4501');
    expect(phone.type).toBe(ExcelJS.ValueType.String);
    expect(row(contacts[2]!).getCell(col('firstName')).value).toBe(`'\u200B=HYPERLINK("http://evil.example")`);
    expect(row(contacts[2]!).getCell(col('company')).value).toBe("'\uFF1D1+1");
    expect(row(contacts[2]!).getCell(col('utmSource')).value).toBe("'=cmd");
    expect(row(contacts[1]!).getCell(col('answers')).value).toBe("Q: x\n'=1+1\nR: y\r'+2\nS: z\r\n'@SUM(A1)");
  });

  it('writes the archive CSVs and the contact access CSV the same strict way', async () => {
    const zip = unzipSync(new Uint8Array(await (await fetch(`${api.url}/v1/export`, { headers: auth() })).arrayBuffer()));
    const leadsCsv = strFromU8(zip['leads.csv']!);
    expect(strict(leadsCsv)).toHaveLength(1 + LEADS.length);
    expectNoLineStartsAFormula(leadsCsv);
    expect(strict(strFromU8(zip['organizations.csv']!))[0]).toEqual(['organization', 'domain', 'leadCount', 'firstSeen', 'lastSeen']);

    const access = await (await fetch(`${api.url}/v1/contacts/${contacts[1]}?format=csv`, { headers: auth() })).text();
    const rows = strict(access);
    expect(rows[0]).toEqual(['section', 'id', 'time', 'field', 'value']);
    expect(rows.filter((r) => r[0] === 'answer').map((r) => r[4])).toEqual(["x\n'=1+1", "y\r'+2", "z\r\n'@SUM(A1)"]);
    expectNoLineStartsAFormula(access);
  });
});
