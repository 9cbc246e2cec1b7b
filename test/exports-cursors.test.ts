import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import { type TestServer, call, cid, newTenant, startTestServer } from './support/api';

let api: TestServer;
let a: CreatedTenant;
let b: CreatedTenant;

beforeAll(async () => {
  api = await startTestServer();
  a = await newTenant();
  b = await newTenant();
  for (const t of [a, b]) {
    for (let i = 0; i < 3; i++) {
      const res = await call(api.url, '/v1/leads', {
        body: { site: t.siteKey, visitorId: cid('vis'), fields: { email: `p${i}@example.com` }, answers: [], consent: { marketing: false, text: '' } },
      });
      expect(res.status).toBe(201);
    }
    const visitorId = cid('vis');
    const events = Array.from({ length: 3 }, () => ({ id: cid('evt'), type: 'page_view', ts: Date.now(), url: 'https://acme.example/' }));
    expect((await call(api.url, '/v1/collect', { body: { site: t.siteKey, visitorId, sessionId: cid('ses'), events } })).status).toBe(202);
  }
});
afterAll(() => api.close());

const auth = (t: CreatedTenant) => ({ authorization: `Bearer ${t.apiKey}` });
const today = () => new Date().toISOString().slice(0, 10);
const get = (path: string, t = a) => call(api.url, path, { headers: auth(t) });

async function firstCursor(path: string): Promise<string> {
  const res = await get(`${path}${path.includes('?') ? '&' : '?'}limit=1`);
  expect(res.status).toBe(200);
  expect(res.json.nextCursor).toEqual(expect.any(String));
  return String(res.json.nextCursor);
}

function expectInvalidCursor(res: Awaited<ReturnType<typeof call>>) {
  expect(res.status).toBe(400);
  expect(res.json.error).toMatchObject({ code: 'invalid_cursor', message: expect.any(String) });
}

describe('cursors', () => {
  it('are bound to the query: another range, filter, format, entity or tenant is a 400 invalid_cursor, never a 500', async () => {
    for (const entity of ['leads', 'events']) {
      const cursor = encodeURIComponent(await firstCursor(`/v1/${entity}?from=${today()}`));
      const others = [
        `/v1/${entity}?cursor=${cursor}`,
        `/v1/${entity}?from=2020-01-01&cursor=${cursor}`,
        `/v1/${entity}?from=${today()}&to=${today()}&cursor=${cursor}`,
        `/v1/${entity}?from=${today()}&format=csv&cursor=${cursor}`,
        `/v1/${entity}?from=${today()}&format=xlsx&cursor=${cursor}`,
        `/v1/${entity === 'leads' ? 'events' : 'leads'}?from=${today()}&cursor=${cursor}`,
        `/v1/audit?from=${today()}&cursor=${cursor}`,
      ];
      if (entity === 'leads') others.push(`/v1/leads?from=${today()}&q=p1&cursor=${cursor}`, `/v1/leads?from=${today()}&restricted=include&cursor=${cursor}`);
      for (const path of others) expectInvalidCursor(await get(path));
      expectInvalidCursor(await get(`/v1/${entity}?from=${today()}&cursor=${cursor}`, b));
    }
  });

  it('refuse anything malformed, tampered or with trailing garbage', async () => {
    const cursor = await firstCursor('/v1/leads');
    const [payload, kid, signature] = cursor.split('.') as [string, string, string];
    const flip = (s: string, i: number) => `${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
    const forged = Buffer.from(JSON.stringify({ p: 'LEAD', k: { PK: 'x', SK: 'y' } })).toString('base64url');
    const bad = [
      `${cursor}x`,
      `${cursor}.`,
      `${cursor}.extra`,
      `x${cursor}`,
      `${payload}.${kid}`,
      `${payload}..${signature}`,
      `${flip(payload, 3)}.${kid}.${signature}`,
      `${payload}.${kid}.${flip(signature, 7)}`,
      `${payload}.zz.${signature}`,
      `${forged}.${kid}.${signature}`,
      `${payload}=.${kid}.${signature}`,
      'not-a-cursor',
      '...',
      '%00',
      'A'.repeat(4000),
    ];
    for (const text of bad) expectInvalidCursor(await get(`/v1/leads?cursor=${encodeURIComponent(text)}`));
    expect((await get(`/v1/leads?cursor=${'A'.repeat(5000)}`)).status).toBe(400);
  });

  it('continue the same query with any page size, losing and repeating nothing', async () => {
    for (const entity of ['leads', 'events']) {
      const all = (await get(`/v1/${entity}?from=${today()}`)).json.data as Record<string, unknown>[];
      expect(all.length).toBe(3);
      const seen: unknown[] = [];
      let cursor: string | null = null;
      let limit = 1;
      do {
        const res = await get(`/v1/${entity}?from=${today()}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        seen.push(...(res.json.data as unknown[]));
        cursor = res.json.nextCursor as string | null;
        limit += 1;
      } while (cursor);
      expect(seen).toEqual(all);
    }
  });
});

describe('the Link header of a JSON page', () => {
  it('names the next page with the same query (rel="next") while there is one, and is absent on the last', async () => {
    for (const entity of ['leads', 'events']) {
      const all = (await get(`/v1/${entity}?from=${today()}`)).json.data as unknown[];
      expect(all.length, entity).toBeGreaterThan(1);
      const seen: unknown[] = [];
      let path: string | undefined = `/v1/${entity}?from=${today()}&limit=1`;
      while (path) {
        const res = await get(path);
        expect(res.status).toBe(200);
        seen.push(...(res.json.data as unknown[]));
        const link = res.headers.get('link');
        if (res.json.nextCursor === null) {
          expect(link).toBeNull();
          path = undefined;
        } else {
          const next = new URL(/^<([^>]+)>; rel="next"$/.exec(link ?? '')?.[1] ?? 'missing:', api.url);
          expect(next.pathname).toBe(`/v1/${entity}`);
          expect(Object.fromEntries(next.searchParams)).toEqual({ from: today(), limit: '1', cursor: res.json.nextCursor });
          path = `${next.pathname}${next.search}`;
        }
      }
      expect(seen, entity).toEqual(all);
    }
  });
});

describe('a JSON page of many rows', () => {
  it('is sent in slices that join into the same JSON as one encoding, every row once', async () => {
    const t = await newTenant();
    const visitorId = cid('vis');
    const ids: string[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const events = Array.from({ length: 50 }, (_, i) => {
        const id = cid('evt');
        ids.push(id);
        return { id, type: 'page_view', ts: Date.now() - (250 - batch * 50 - i) * 1000, url: `https://acme.example/ä/${batch}-${i}?q="x"` };
      });
      expect((await call(api.url, '/v1/collect', { body: { site: t.siteKey, visitorId, sessionId: cid('ses'), events } })).status).toBe(202);
    }
    const res = await fetch(`${api.url}/v1/events?limit=1000`, { headers: auth(t) });
    expect(res.status).toBe(200);
    const text = await res.text();
    const page = JSON.parse(text) as { data: { eventId: string }[]; nextCursor: string | null };
    expect(text).toBe(JSON.stringify(page));
    expect(page.nextCursor).toBeNull();
    expect(page.data.map((e) => e.eventId).sort()).toEqual([...ids].sort());
  });
});

describe('from and to', () => {
  it('refuse impossible dates and times with 400 invalid_request on every listing', async () => {
    const bad = [
      '9999-99-99',
      '2026-02-30',
      '2025-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:60:00Z',
      '2026-01-01T10:00:61Z',
      '2026-01-01T10:00:00+25:00',
      'yesterday',
      'March 7, 2026',
      '2026-1-1',
      '+002026-01-01',
      '',
    ];
    for (const path of ['/v1/leads', '/v1/events', '/v1/conversations', '/v1/audit', '/v1/organizations']) {
      for (const value of bad) {
        for (const end of ['from', 'to']) {
          const res = await get(`${path}?${end}=${encodeURIComponent(value)}`);
          expect(res.status, `${path}?${end}=${value}`).toBe(400);
          expect(res.json.error).toMatchObject({ code: 'invalid_request', issues: [expect.objectContaining({ path: end })] });
        }
      }
    }
  });

  it('refuse from after to', async () => {
    for (const path of ['/v1/leads', '/v1/events', '/v1/audit']) {
      const res = await get(`${path}?from=2026-03-02&to=2026-03-01`);
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ code: 'invalid_request', issues: [{ path: 'from', message: expect.any(String) }] });
    }
  });

  it('accept real dates, leap days, timestamps with offsets, and a single day', async () => {
    for (const query of [
      'from=2024-02-29',
      'to=2028-02-29',
      `from=${today()}&to=${today()}`,
      'from=2026-01-01T10:00:00%2B02:00',
      'from=2026-01-01T10:00:00.123Z',
      'from=2026-01-01T10:00',
      'from=0000-01-01&to=9999-12-31',
    ]) {
      for (const path of ['/v1/leads', '/v1/events', '/v1/audit']) expect((await get(`${path}?${query}`)).status, `${path}?${query}`).toBe(200);
    }
    expect(((await get(`/v1/leads?from=${today()}&to=${today()}`)).json.data as unknown[]).length).toBe(3);
  });
});

describe('a walking client', () => {
  let c: CreatedTenant;
  /** Every lead of `c`, in listing order. */
  let leads: string[];
  type Page = { data: { contactId: string; company?: string }[]; nextCursor: string | null };
  const page = async (path: string) => (await get(path, c)).json as Page;
  const ids = (p: Page) => p.data.map((lead) => lead.contactId);
  beforeAll(async () => {
    c = await newTenant();
    for (let i = 0; i < 6; i++) {
      const fields = { email: `w${i}@example.com`, company: `Co ${i}` };
      const res = await call(api.url, '/v1/leads', {
        body: { site: c.siteKey, visitorId: cid('vis'), fields, answers: [], consent: { marketing: false, text: '' } },
      });
      expect(res.status).toBe(201);
    }
    leads = ids(await page('/v1/leads?limit=100'));
    expect(leads).toHaveLength(6);
  });

  /** Pages of one lead: the first, then the second (a client walking on: the third is read meanwhile); the third's cursor. */
  async function secondPage(): Promise<string> {
    const first = await page('/v1/leads?limit=1');
    const second = await page(`/v1/leads?limit=1&cursor=${encodeURIComponent(String(first.nextCursor))}`);
    expect(ids(second)).toEqual([leads[1]]);
    return encodeURIComponent(String(second.nextCursor));
  }

  it('gets every row once, in order, and the page size it asks for on each page', async () => {
    const cursor = await secondPage();
    // The third page was read for pages of one; asked for pages of two, it has two.
    const third = await page(`/v1/leads?limit=2&cursor=${cursor}`);
    expect(ids(third)).toEqual([leads[2], leads[3]]);
    const rest: string[] = [];
    for (let next = third.nextCursor; next; ) {
      const p = await page(`/v1/leads?limit=1&cursor=${encodeURIComponent(next)}`);
      rest.push(...ids(p));
      next = p.nextCursor;
    }
    expect(rest).toEqual([leads[4], leads[5]]);
  });

  it('sees a correction and an erasure made between its pages', async () => {
    const cursor = await secondPage();
    const corrected = await call(api.url, `/v1/contacts/${leads[2]}`, { method: 'PATCH', body: { company: 'Renamed Oy' }, headers: auth(c) });
    expect(corrected.status).toBe(200);
    expect((await page(`/v1/leads?limit=1&cursor=${cursor}`)).data).toMatchObject([{ contactId: leads[2], company: 'Renamed Oy' }]);

    const again = await secondPage();
    expect((await call(api.url, `/v1/contacts/${leads[2]}`, { method: 'DELETE', headers: auth(c) })).status).toBe(200);
    expect(ids(await page(`/v1/leads?limit=1&cursor=${again}`))).toEqual([leads[3]]);
  });
});
