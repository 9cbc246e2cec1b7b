import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { partitionsOf, readPages } from '../functions/domain/exports/sources';
import { type CreatedTenant, getTenant } from '../functions/domain/tenants';
import { db, tableName } from '../functions/lib/dynamo';
import { TenantKeys } from '../functions/lib/table-keys';
import { type TestServer, call, cid, newTenant, scanTenantData, startTestServer } from './support/api';

let api: TestServer;
beforeAll(async () => {
  // No delivery worker: its polls would count among the Queries an export is held to.
  api = await startTestServer({ deliveryWorker: false });
});
afterAll(() => api.close());

const auth = (t: CreatedTenant) => ({ authorization: `Bearer ${t.apiKey}` });

/** Sends `total` bytes in 64 KiB chunks, stopping when the answer arrives; resolves with the answer and the bytes sent by then. */
function sendLargeBody(
  path: string,
  total: number,
): Promise<{ status: number; headers: Record<string, unknown>; body: string; sentBeforeAnswer: number; closed: boolean }> {
  const { hostname, port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request({ hostname, port, path, method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
    req.on('response', (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => {
        const socket = req.socket;
        const closed = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sentBeforeAnswer, closed: true });
        if (!socket || socket.destroyed) closed();
        else socket.once('close', closed);
      });
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('the local server and large bodies', () => {
  it('answers 413 as soon as a widget body passes 64 KiB, without reading the rest, and closes the connection', async () => {
    const res = await sendLargeBody('/v1/collect', 16 * 1024 * 1024);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large', message: expect.any(String) } });
    expect(res.headers.connection).toBe('close');
    expect(res.sentBeforeAnswer).toBeLessThan(4 * 1024 * 1024);
    expect(res.closed).toBe(true);
  });

  it('refuses a declared Content-Length over the limit before any of it is read', async () => {
    const res = await fetch(`${api.url}/v1/leads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(65 * 1024) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('still takes a body within the limit', async () => {
    const t = await newTenant();
    const res = await call(api.url, '/v1/collect', {
      body: {
        site: t.siteKey,
        visitorId: cid('vis'),
        sessionId: cid('ses'),
        events: [{ id: cid('evt'), type: 'page_view', ts: Date.now(), url: 'https://acme.example/' }],
      },
    });
    expect(res.status).toBe(202);
  });
});

/** Runs `work`, calling `seen` with each DynamoDB Query and its answer meanwhile (the server runs in this process). */
async function watchQueries(seen: (input: Record<string, unknown>, items: number) => void, work: () => Promise<unknown>): Promise<void> {
  const name = `watch-${cid()}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      if (context.commandName === 'QueryCommand') seen(args.input as Record<string, unknown>, ((out.output as { Items?: unknown[] }).Items ?? []).length);
      return out;
    },
    { step: 'initialize', name },
  );
  try {
    await work();
  } finally {
    db().middlewareStack.remove(name);
  }
}

/** Counts the DynamoDB Queries sent while `work` runs. */
async function countQueries(work: () => Promise<unknown>): Promise<number> {
  let queries = 0;
  await watchQueries(() => {
    queries += 1;
  }, work);
  return queries;
}

describe('an events export', () => {
  it('reads only the days the tenant has events on, not every shard of every day since it was created', async () => {
    const t = await newTenant();
    const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString();
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: TenantKeys.profile(t.tenantId),
        UpdateExpression: 'SET createdAt = :c',
        ExpressionAttributeValues: { ':c': yearAgo },
      }),
    );
    // Ingest takes events of the last 24 hours: today's, and yesterday's when there was one.
    const times = [Date.now() - 20 * 3_600_000, Date.now() - 60_000, Date.now()];
    for (const ts of times) {
      const res = await call(api.url, '/v1/collect', {
        body: {
          site: t.siteKey,
          visitorId: cid('vis'),
          sessionId: cid('ses'),
          events: [{ id: cid('evt'), type: 'page_view', ts, url: 'https://acme.example/' }],
        },
      });
      expect(res.status).toBe(202);
    }
    const markers = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': TenantKeys.eventDaysPartition(t.tenantId) },
      }),
    );
    const days = [...new Set(times.map((d) => new Date(d).toISOString().slice(0, 10)))];
    expect(markers.Items?.map((i) => i.SK)).toEqual(days);

    let rows: unknown[] = [];
    const queries = await countQueries(async () => {
      rows = (await call(api.url, '/v1/events?limit=1000', { headers: auth(t) })).json.data as unknown[];
    });
    expect(rows).toHaveLength(3);
    // One day-index Query and 16 shards per event day, plus the authentication's own reads; every day since creation would be 5,856.
    expect(queries).toBeLessThan(days.length * 16 + 10);

    const lastDay = days.at(-1)!;
    const csv = await countQueries(async () => {
      const text = await (await fetch(`${api.url}/v1/events?format=csv&from=${lastDay}`, { headers: auth(t) })).text();
      expect(text.trim().split('\r\n')).toHaveLength(1 + times.filter((ts) => new Date(ts).toISOString().startsWith(lastDay)).length);
    });
    expect(csv).toBeLessThan(16 + 10);
  });
});

/** Items the DynamoDB Queries of one tenant's event shards return while `work` runs. */
async function countShardItems(tenantId: string, work: () => Promise<unknown>): Promise<number> {
  let items = 0;
  const shardPrefix = TenantKeys.eventStreamPartition(tenantId, '', 0).split('#EV#')[0];
  await watchQueries((input, found) => {
    const pk = (input.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[':pk'];
    if (typeof pk === 'string' && pk.startsWith(`${shardPrefix}#EV#`)) items += found;
  }, work);
  return items;
}

describe('a JSON page of events', () => {
  it('reads each page once, at most one item more than it lists, also when it spans several shards', async () => {
    const t = await newTenant();
    const visitorId = cid('vis');
    const now = Date.now();
    // 40 events over 16 shards: some shard holds several, so a page that ends one shard starts another.
    for (let batch = 0; batch < 4; batch++) {
      const events = Array.from({ length: 10 }, (_, i) => ({
        id: cid('evt'),
        type: 'page_view',
        ts: now - (batch * 10 + i) * 1000,
        url: 'https://acme.example/',
      }));
      expect((await call(api.url, '/v1/collect', { body: { site: t.siteKey, visitorId, sessionId: cid('ses'), events } })).status).toBe(202);
    }
    const limit = 1;
    let listed = 0;
    let pages = 0;
    const walked = await countShardItems(t.tenantId, async () => {
      const page = (await call(api.url, `/v1/events?limit=${limit}`, { headers: auth(t) })).json as { data: unknown[]; nextCursor: string | null };
      listed += page.data.length;
      pages += 1;
      // A client walking on (a cursor in hand): each page is read while it takes the one before, and read once.
      for (let cursor = page.nextCursor; cursor; ) {
        const next = (await call(api.url, `/v1/events?limit=${limit}&cursor=${encodeURIComponent(cursor)}`, { headers: auth(t) })).json as typeof page;
        listed += next.data.length;
        pages += 1;
        cursor = next.nextCursor;
      }
    });
    expect(listed).toBe(40);
    expect(pages).toBe(40);
    expect(walked).toBeLessThanOrEqual(pages * (limit + 1));
    // A client that asks for one page only makes no read ahead: one item more than it lists.
    const alone = await countShardItems(t.tenantId, () => call(api.url, `/v1/events?limit=5`, { headers: auth(t) }));
    expect(alone).toBeLessThanOrEqual(6);
  });
});

describe('a whole-range read', () => {
  it('keeps two pages read ahead of a writer busy with one, never more, and yields every item once', async () => {
    const t = await newTenant();
    const visitorId = cid('vis');
    const events = Array.from({ length: 40 }, (_, i) => ({ id: cid('evt'), type: 'page_view', ts: Date.now() - i * 1000, url: 'https://acme.example/' }));
    expect((await call(api.url, '/v1/collect', { body: { site: t.siteKey, visitorId, sessionId: cid('ses'), events } })).status).toBe(202);
    const tenant = (await getTenant(t.tenantId))!;
    const shardPrefix = `${TenantKeys.eventStreamPartition(t.tenantId, '', 0).split('#EV#')[0]}#EV#`;
    let queries = 0;
    const seen: string[] = [];
    await watchQueries(
      (input) => {
        const pk = (input.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[':pk'];
        if (typeof pk === 'string' && pk.startsWith(shardPrefix)) queries += 1;
      },
      async () => {
        const pages = readPages(partitionsOf('events', tenant, {}, new Date()), undefined, { pageSize: 3, readAhead: 2 });
        const first = await pages.next();
        if (!first.done) seen.push(...first.value.items.map((item) => String(item.eventId)));
        // The page being written and the two after it, however long DynamoDB takes; then nothing more while it is held.
        await vi.waitFor(() => expect(queries).toBe(3), { timeout: 5_000 });
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(queries).toBe(3);
        for await (const page of pages) seen.push(...page.items.map((item) => String(item.eventId)));
      },
    );
    expect(seen).toHaveLength(40);
    expect(new Set(seen)).toEqual(new Set(events.map((e) => e.id)));
  });
});

describe("a person's footprint", () => {
  it('holds at most the access limit in one answer and says so, while erasure still deletes everything, page by page', async () => {
    const t = await newTenant();
    const visitorId = cid('vis');
    const conv = await call(api.url, '/v1/conversations', { body: { site: t.siteKey, visitorId, sessionId: cid('ses'), pageUrl: 'https://acme.example/' } });
    const token = String(conv.json.visitorToken);
    const lead = await call(api.url, '/v1/leads', {
      body: {
        site: t.siteKey,
        visitorId,
        conversationId: conv.json.conversationId,
        fields: { email: 'big@example.com' },
        answers: [],
        consent: { marketing: false, text: '' },
      },
      headers: { 'x-parley-visitor': token },
    });
    const contactId = String(lead.json.contactId);
    for (let batch = 0; batch < 14; batch++) {
      const events = Array.from({ length: 50 }, (_, i) => ({
        id: cid('evt'),
        type: 'page_view',
        ts: Date.now() - (batch * 50 + i) * 1000,
        url: 'https://acme.example/',
      }));
      expect((await call(api.url, '/v1/collect', { body: { site: t.siteKey, visitorId, sessionId: cid('ses'), events } })).status).toBe(202);
    }

    const full = await call(api.url, `/v1/contacts/${contactId}`, { headers: auth(t) });
    expect(full.json).toMatchObject({ truncated: false });
    expect(full.json.events).toHaveLength(700);

    process.env.PARLEY_ACCESS_ITEM_LIMIT = '120';
    try {
      const capped = await call(api.url, `/v1/contacts/${contactId}`, { headers: auth(t) });
      expect(capped.status).toBe(200);
      expect(capped.json).toMatchObject({ truncated: true, contact: expect.objectContaining({ email: 'big@example.com' }) });
      expect((capped.json.events as unknown[]).length).toBeLessThanOrEqual(120);

      const erased = await call(api.url, `/v1/contacts/${contactId}`, { method: 'DELETE', headers: auth(t) });
      expect(erased.status).toBe(200);
      expect(erased.json.deleted).toMatchObject({ events: 700, contacts: 1, conversations: 1, sessions: 14 });
    } finally {
      delete process.env.PARLEY_ACCESS_ITEM_LIMIT;
    }
    const left = (await scanTenantData(t.tenantId)).filter((i) => i.entity !== 'eventDay' && i.entity !== 'audit');
    expect(left).toEqual([]);
    expect((await call(api.url, `/v1/contacts/${contactId}`, { headers: auth(t) })).status).toBe(404);
  });

  it('erases a visitor with more items than one page and more than the access limit', async () => {
    const t = await newTenant();
    const visitorId = cid('vis');
    const conv = await call(api.url, '/v1/conversations', { body: { site: t.siteKey, visitorId, sessionId: cid('ses'), pageUrl: 'https://acme.example/' } });
    const token = String(conv.json.visitorToken);
    for (let i = 0; i < 520; i++) {
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...TenantKeys.session(t.tenantId, visitorId, `s${i}`), entity: 'session', sessionId: `s${i}`, visitorId },
        }),
      );
    }
    process.env.PARLEY_ACCESS_ITEM_LIMIT = '100';
    try {
      const erased = await call(api.url, '/v1/visitors/me', { method: 'DELETE', headers: { 'x-parley-visitor': token } });
      expect([200, 204]).toContain(erased.status);
    } finally {
      delete process.env.PARLEY_ACCESS_ITEM_LIMIT;
    }
    const left = (await scanTenantData(t.tenantId)).filter((i) => i.entity !== 'eventDay' && i.entity !== 'audit');
    expect(left).toEqual([]);
  });
});
