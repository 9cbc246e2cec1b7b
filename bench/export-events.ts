/**
 * The events half of the export benchmark: N events stored as ingest stores
 * them (the table's own day/shard partitions), exported through the HTTP
 * server as CSV, XLSX and JSON pages, against reading the same partitions
 * with Query in the same run; RSS at 10%, 50% and 100% of each download.
 */
import { BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { createTenant } from '../functions/domain/tenants';
import { db } from '../functions/lib/dynamo';
import { EVENT_SHARDS, TenantKeys } from '../functions/lib/table-keys';

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const DAY = 86_400_000;

function eventItem(tenantId: string, i: number, n: number, start: number) {
  const ts = new Date(start + Math.floor((i * 2 * DAY) / n)).toISOString();
  const eventId = `e_${randomBytes(12).toString('base64url')}`;
  return {
    ...TenantKeys.event(tenantId, ts, eventId),
    entity: 'event',
    eventId,
    visitorId: `v_${i % 5000}`,
    sessionId: `s_${i % 20000}`,
    type: 'page_view',
    ts,
    url: `https://acme.example/docs/${i % 300}?utm_source=news`,
    referrer: 'https://search.example/',
    utmSource: 'news',
    ipNetwork: '203.0.113.0/24',
    country: 'FI',
    browser: 'Firefox',
    os: 'Linux',
    deviceType: 'desktop',
    receivedAt: ts,
    expiresAt: 4_102_444_800,
  };
}

async function seed(table: string, tenantId: string, n: number, start: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) {
        const from = next;
        next += 25;
        const chunk = Array.from({ length: Math.min(25, n - from) }, (_, k) => eventItem(tenantId, from + k, n, start));
        let request: Record<string, unknown[]> | undefined = { [table]: chunk.map((Item) => ({ PutRequest: { Item } })) };
        while (request && Object.keys(request).length)
          request = (await db().send(new BatchWriteCommand({ RequestItems: request as never }))).UnprocessedItems as typeof request;
      }
    }),
  );
  for (let d = start; d < start + 3 * DAY; d += DAY) {
    const day = new Date(d).toISOString().slice(0, 10);
    await db().send(new PutCommand({ TableName: table, Item: { ...TenantKeys.eventDay(tenantId, day), entity: 'eventDay', day, expiresAt: 4_102_444_800 } }));
  }
}

/** Drains a download, noting RSS as the rows read pass 10%, 50% and 100%. */
async function drain(res: Response, n: number, rowsOf: (chunk: Uint8Array) => number): Promise<{ bytes: number; rss: string }> {
  if (res.status !== 200) throw new Error(`export answered ${res.status}`);
  const marks = [0.1, 0.5, 1];
  const rss: string[] = [];
  let bytes = 0;
  let rows = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    rows += rowsOf(chunk);
    while (marks.length && rows >= marks[0]! * n) rss.push(`${Math.round(marks.shift()! * 100)}%: ${mb(process.memoryUsage.rss())} MB`);
  }
  return { bytes, rss: rss.join(', ') };
}

const newlines = (chunk: Uint8Array) => chunk.reduce((k, byte) => k + (byte === 0x0a ? 1 : 0), 0);

export async function benchEventExports(base: string, table: string, n: number): Promise<string> {
  const t = await createTenant({ name: 'Bench events at scale' });
  const start = Date.UTC(2026, 0, 10, 12);
  const s0 = performance.now();
  await seed(table, t.tenantId, n, start);
  const lines = [`Events: seeded ${n.toLocaleString('en')} events over two days in ${((performance.now() - s0) / 1000).toFixed(0)} s`];
  const auth = { authorization: `Bearer ${t.apiKey}` };

  const readAll = async () => {
    let rows = 0;
    for (let d = start; d < start + 3 * DAY; d += DAY) {
      for (let shard = 0; shard < EVENT_SHARDS; shard++) {
        let ExclusiveStartKey: Record<string, unknown> | undefined;
        do {
          const page = await db().send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'PK = :pk',
              ExpressionAttributeValues: { ':pk': TenantKeys.eventStreamPartition(t.tenantId, new Date(d).toISOString().slice(0, 10), shard) },
              Limit: 1_000, // the exports' page size
              ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
            }),
          );
          rows += page.Items?.length ?? 0;
          ExclusiveStartKey = page.LastEvaluatedKey;
        } while (ExclusiveStartKey);
      }
    }
    return rows;
  };
  const timed = async <T>(work: () => Promise<T>) => {
    const t0 = performance.now();
    const result = await work();
    return { result, ms: performance.now() - t0 };
  };
  const raw = await timed(readAll);
  if (raw.result !== n) throw new Error(`raw Query read ${raw.result} of ${n} events`);
  const csv = await timed(async () => drain(await fetch(`${base}/v1/events?format=csv`, { headers: auth }), n, newlines));
  // XLSX is deflated as it streams: count rows by the time it takes, RSS by the bytes seen.
  const xlsx = await timed(async () => drain(await fetch(`${base}/v1/events?format=xlsx`, { headers: auth }), Number.POSITIVE_INFINITY, () => 0));
  const json = await timed(async () => {
    let rows = 0;
    let cursor: string | null = null;
    const marks = [0.1, 0.5, 1];
    const rss: string[] = [];
    do {
      const res = await fetch(`${base}/v1/events?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: auth });
      const page = (await res.json()) as { data: unknown[]; nextCursor: string | null };
      rows += page.data.length;
      cursor = page.nextCursor;
      while (marks.length && rows >= marks[0]! * n) rss.push(`${Math.round(marks.shift()! * 100)}%: ${mb(process.memoryUsage.rss())} MB`);
    } while (cursor);
    return { rows, rss: rss.join(', ') };
  });
  if (json.result.rows !== n) throw new Error(`JSON pages listed ${json.result.rows} of ${n} events`);
  const rate = (ms: number) => (n / ms) * 1000;
  const row = (name: string, ms: number, rss: string) =>
    `${name.padEnd(34)}${rate(ms).toFixed(0).padStart(9)}${(rate(ms) / rate(raw.ms)).toFixed(2).padStart(9)}x  ${rss}`;
  lines.push(`${'path'.padEnd(34)}${'rows/s'.padStart(9)}${'vs Query'.padStart(10)}  RSS at 10%, 50%, 100%`);
  lines.push(row(`raw Query, ${raw.result} items (baseline)`, raw.ms, ''));
  lines.push(row(`GET /v1/events?format=csv (${mb(csv.result.bytes)} MB)`, csv.ms, csv.result.rss));
  lines.push(row(`GET /v1/events?format=xlsx (${mb(xlsx.result.bytes)} MB)`, xlsx.ms, `end: ${mb(process.memoryUsage.rss())} MB`));
  lines.push(row('GET /v1/events JSON pages of 1,000', json.ms, json.result.rss));
  return lines.join('\n');
}
