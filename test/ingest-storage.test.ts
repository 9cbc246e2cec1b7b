import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemBytes } from '../bench/write-units';
import { type TestServer, call, cid, newTenant, scanTenantData, startTestServer } from './support/api';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer({ trustProxy: true });
});
afterAll(() => api.close());

/** An id as the widget makes it (`p_` + 16 random URL-safe characters). */
const widgetId = (p: string) => `${p}_${cid('').slice(1, 17).padEnd(16, 'x')}`;
const HOUR = 3_600_000;

/** `n` events spread over the last 23 hours (two days, unless it is just past 23:00 UTC). */
const events = (n: number, offset = 0) =>
  Array.from({ length: n }, (_, i) => ({
    id: widgetId('e'),
    type: 'page_view',
    ts: Date.now() - 23 * HOUR + ((i + offset) * 17 * HOUR) / 100 + i,
    url: `https://acme.example/docs/${i}?utm_source=news`,
    referrer: 'https://search.example/',
  }));

const auth = (t: { apiKey: string }) => ({ authorization: `Bearer ${t.apiKey}` });

describe('event storage', () => {
  it('stores each event as one item of at most 1 KB with no index entry, and one batch item of at most 1 KB per batch of 50', async () => {
    const t = await newTenant();
    const body = { site: t.siteKey, visitorId: widgetId('v'), sessionId: widgetId('s'), events: events(50) };
    const res = await call(api.url, '/v1/collect', { body, headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' } });
    expect(res.json).toEqual({ accepted: 50, duplicates: 0 });
    const items = await scanTenantData(t.tenantId);
    const stored = items.filter((i) => i.entity === 'event');
    expect(stored).toHaveLength(50);
    for (const event of stored) {
      expect(Object.keys(event).filter((k) => k.startsWith('GSI'))).toEqual([]);
      expect(itemBytes(event)).toBeLessThanOrEqual(1024);
    }
    const batches = items.filter((i) => i.entity === 'eventBatch');
    expect(batches).toHaveLength(1);
    expect(itemBytes(batches[0]!)).toBeLessThanOrEqual(1024);
  });

  it('lists every event once through JSON pages, CSV and from/to, ordered by day, then shard, then time', async () => {
    const t = await newTenant();
    const sent: { id: string; ts: number }[] = [];
    for (let b = 0; b < 4; b++) {
      const body = { site: t.siteKey, visitorId: widgetId('v'), sessionId: widgetId('s'), events: events(30, b * 25) };
      sent.push(...body.events);
      expect((await call(api.url, '/v1/collect', { body })).status).toBe(202);
    }
    const listed: { eventId: string; ts: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(api.url, `/v1/events?limit=37${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth(t) });
      listed.push(...(page.json.data as { eventId: string; ts: string }[]));
      cursor = page.json.nextCursor as string | null;
    } while (cursor);
    expect(listed.map((e) => e.eventId).sort()).toEqual(sent.map((e) => e.id).sort());
    // Days ascend; within a day the shards take turns, each in time order.
    const days = listed.map((e) => e.ts.slice(0, 10));
    expect(days).toEqual([...days].sort());
    const runs = listed.reduce<{ ts: string }[][]>((acc, e, i) => {
      if (i === 0 || e.ts < listed[i - 1]!.ts) acc.push([]);
      acc.at(-1)!.push(e);
      return acc;
    }, []);
    expect(runs.length).toBeLessThanOrEqual(16 * new Set(days).size);

    const csv = await (await fetch(`${api.url}/v1/events?format=csv`, { headers: auth(t) })).text();
    expect(csv.trim().split('\r\n')).toHaveLength(sent.length + 1);
    for (const e of sent) expect(csv).toContain(e.id);

    const from = new Date(Date.now() - 12 * HOUR).toISOString();
    const windowed = await call(api.url, `/v1/events?limit=1000&from=${from}`, { headers: auth(t) });
    const expected = sent.filter((e) => new Date(e.ts).toISOString() >= from).map((e) => e.id);
    expect((windowed.json.data as { eventId: string }[]).map((e) => e.eventId).sort()).toEqual(expected.sort());
  });

  it("finds a contact's events for access and erases them all, and an event resent under another visitor stays with the first", async () => {
    const t = await newTenant();
    const visitorId = widgetId('v');
    const mine = events(60);
    for (const part of [mine.slice(0, 50), mine.slice(50)]) {
      await call(api.url, '/v1/collect', { body: { site: t.siteKey, visitorId, sessionId: widgetId('s'), events: part } });
    }
    // Someone else's batch, holding one of this visitor's events again: a duplicate, not theirs.
    const other = widgetId('v');
    const theirs = events(3);
    const resend = await call(api.url, '/v1/collect', { body: { site: t.siteKey, visitorId: other, sessionId: widgetId('s'), events: [...theirs, mine[0]!] } });
    expect(resend.json).toEqual({ accepted: 3, duplicates: 1 });
    const lead = await call(api.url, '/v1/leads', {
      body: { site: t.siteKey, visitorId, fields: { email: 'ada@example.com' }, answers: [], consent: { marketing: false, text: '' } },
    });
    const contactId = String(lead.json.contactId);

    const access = await call(api.url, `/v1/contacts/${contactId}`, { headers: auth(t) });
    const accessed = (access.json.events as { eventId: string; ts: string }[]).map((e) => e.eventId);
    expect(accessed.sort()).toEqual(mine.map((e) => e.id).sort());
    expect((access.json.sessions as { eventCount: number }[]).reduce((n, s) => n + s.eventCount, 0)).toBe(60);

    const erased = await call(api.url, `/v1/contacts/${contactId}`, { method: 'DELETE', headers: auth(t) });
    expect(erased.json.deleted).toMatchObject({ events: 60, eventBatches: 2, sessions: 2, contacts: 1 });
    const left = (await scanTenantData(t.tenantId)).filter((i) => i.entity === 'event');
    expect(left.map((e) => e.eventId).sort()).toEqual(theirs.map((e) => e.id).sort());
  });
});
