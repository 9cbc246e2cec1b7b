/**
 * Export benchmark: N leads (default 50,000) exported through the HTTP
 * server as CSV, XLSX and JSON pages — rows/s and peak RSS of each — against
 * the raw rate of reading the same items with Query in the same run; RSS at
 * 10%, 50% and 100% of the CSV export and of the whole-account archive
 * (`GET /v1/export`); the DynamoDB Queries of an events export for a tenant
 * created a year ago with events on a few days, against querying every shard
 * of every day (the same-run baseline). Then the CSV and XLSX writers over a
 * generated 1,000,000-row stream, to show their memory stays flat.
 * Then N events (default 100,000) exported as CSV, XLSX and JSON pages
 * against the raw Query rate of the same partitions (bench/export-events.ts).
 * Each export path runs `rounds` times (default 3), interleaved with the raw
 * reads; its median ratio is the figure, every run's ratio is printed too.
 * Usage: npm run bench:export [-- --leads 50000 --events 100000 --stream 1000000 --rounds 3]
 */
import { BatchWriteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { LEAD_COLUMNS } from '../shared/schemas/exports';
import type { Cell } from '../functions/domain/exports/cells';
import { csvStream } from '../functions/domain/exports/csv';
import { xlsxStream } from '../functions/domain/exports/xlsx';
import { createTenant, getTenant } from '../functions/domain/tenants';
import { db, resetDbClient } from '../functions/lib/dynamo';
import { newMasterKeyEntry } from '../functions/lib/master-keys';
import { EVENT_SHARDS, TenantKeys } from '../functions/lib/table-keys';
import { benchEventExports } from './export-events';
import { compareExports, countReads, reads } from './export-compare';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { createLocalServer, listen } from '../local/server';

const { values } = parseArgs({
  options: {
    leads: { type: 'string', default: '50000' },
    events: { type: 'string', default: '100000' },
    stream: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '3' },
  },
});
const N = Number(values.leads);
const EVENTS = Number(values.events);
const STREAM_ROWS = Number(values.stream);
const ROUNDS = Number(values.rounds);
const TABLE = 'parley-bench-export';
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

function leadItem(tenantId: string, i: number) {
  const createdAt = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  const contactId = `k_${randomBytes(12).toString('base64url')}`;
  return {
    ...TenantKeys.contact(tenantId, contactId),
    ...TenantKeys.leadStream(tenantId, createdAt, contactId),
    entity: 'contact',
    contactId,
    createdAt,
    visitorId: `v_${i}`,
    conversationId: '',
    firstName: `First${i}`,
    lastName: `Last${i}`,
    email: `person${i}@example.com`,
    phone: '+358 40 123 4567',
    company: `Company ${i % 500}`,
    consentMarketing: i % 2 === 0,
    consentText: 'News?',
    pageUrl: 'https://acme.example/pricing?utm_source=ads',
    referrer: 'https://search.example/',
    utmSource: 'ads',
    utmMedium: 'cpc',
    utmCampaign: 'q4',
    ipNetwork: '203.0.113.0/24',
    country: 'FI',
    browser: 'Chrome',
    os: 'Windows',
    deviceType: 'desktop',
    answers: [{ question: 'What can we help you with?', answer: 'Pricing for a team of ten' }],
    expiresAt: 4_102_444_800,
  };
}

async function seed(tenantId: string) {
  const items = Array.from({ length: N }, (_, i) => leadItem(tenantId, i));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < items.length) {
        const chunk = items.slice(next, (next += 25));
        let request: Record<string, unknown[]> | undefined = { [TABLE]: chunk.map((Item) => ({ PutRequest: { Item } })) };
        while (request && Object.keys(request).length)
          request = (await db().send(new BatchWriteCommand({ RequestItems: request as never }))).UnprocessedItems as typeof request;
      }
    }),
  );
}

/** Drains a download, noting RSS when `progress()` passes 10%, 50% and 100%. */
async function drainWithCheckpoints(res: Response, progress: (chunk: Uint8Array) => number): Promise<{ bytes: number; rss: string[] }> {
  const marks = [0.1, 0.5, 1];
  const rss: string[] = [];
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    const done = progress(chunk);
    while (marks.length && done >= marks[0]!) rss.push(`${Math.round(marks.shift()! * 100)}%: ${mb(process.memoryUsage.rss())} MB`);
  }
  return { bytes, rss };
}

/** A tenant created a year ago with `days` days of events: the events export's Queries, now and as every-day-every-shard. */
async function eventDayQueries(base: string, days: number): Promise<string> {
  const t = await createTenant({ name: 'Bench events' });
  const created = Date.now() - 365 * 86_400_000;
  await db().send(
    new UpdateCommand({
      TableName: TABLE,
      Key: TenantKeys.profile(t.tenantId),
      UpdateExpression: 'SET createdAt = :c',
      ExpressionAttributeValues: { ':c': new Date(created).toISOString() },
    }),
  );
  for (let d = 0; d < days; d++) {
    const ts = new Date(created + ((d + 1) * 365 * 86_400_000) / (days + 1)).toISOString();
    const eventId = `e_${d}`;
    await db().send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          ...TenantKeys.event(t.tenantId, ts, eventId),
          entity: 'event',
          eventId,
          ts,
          type: 'page_view',
          url: 'https://acme.example/',
          expiresAt: 4_102_444_800,
        },
      }),
    );
    await db().send(
      new PutCommand({
        TableName: TABLE,
        Item: { ...TenantKeys.eventDay(t.tenantId, ts), entity: 'eventDay', day: ts.slice(0, 10), expiresAt: 4_102_444_800 },
      }),
    );
  }
  const before = { ...reads };
  const t0 = performance.now();
  const text = await (await fetch(`${base}/v1/events?format=csv`, { headers: { authorization: `Bearer ${t.apiKey}` } })).text();
  const ms = performance.now() - t0;
  const rows = text.trim().split('\r\n').length - 1;
  const queries = reads.queries - before.queries;
  // The same-run baseline: every shard of every day since the tenant was created.
  const b0 = performance.now();
  let baseline = 0;
  let found = 0;
  for (let day = Date.parse(new Date(created).toISOString().slice(0, 10)); day <= Date.now(); day += 86_400_000) {
    for (let shard = 0; shard < EVENT_SHARDS; shard++) {
      const page = await db().send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': TenantKeys.eventStreamPartition(t.tenantId, new Date(day).toISOString().slice(0, 10), shard) },
        }),
      );
      found += page.Items?.length ?? 0;
      baseline += 1;
    }
  }
  const baselineMs = performance.now() - b0;
  return `Events export, tenant created a year ago with events on ${days} days: ${queries} Queries in ${ms.toFixed(0)} ms (${rows} rows, authentication included); every shard of every day: ${baseline} Queries in ${baselineMs.toFixed(0)} ms (${found} rows)`;
}

function generatedRow(i: number): Cell[] {
  return [
    `k_${i}`,
    new Date(Date.UTC(2026, 0, 1) + i * 1000),
    `First${i}`,
    `Last${i}`,
    `person${i}@example.com`,
    "'+358 40 123 4567",
    `Company ${i % 500}`,
    i % 2 === 0,
    'https://acme.example/pricing',
    '',
    'ads',
    'cpc',
    'q4',
    '203.0.113.0/24',
    'FI',
    'Chrome',
    'Windows',
    'desktop',
    '',
    'What can we help you with?: Pricing',
  ];
}

/** RSS at checkpoints while a writer consumes a generated stream (nothing stored). */
async function flatness(kind: 'csv' | 'xlsx'): Promise<string> {
  const checkpoints = [STREAM_ROWS / 10, STREAM_ROWS / 2, STREAM_ROWS];
  const seen: string[] = [];
  let count = 0;
  // Pages of 1,000 rows, as the exports read them.
  async function* counted() {
    for (let start = 0; start < STREAM_ROWS; start += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, STREAM_ROWS - start) }, (_, k) => generatedRow(start + k));
      for (const _ of batch) {
        count += 1;
        if (checkpoints.includes(count)) seen.push(`${count.toLocaleString('en')} rows: ${mb(process.memoryUsage.rss())} MB`);
      }
      yield batch;
    }
  }
  const stream = kind === 'csv' ? csvStream(LEAD_COLUMNS, counted()) : xlsxStream('leads', LEAD_COLUMNS, counted());
  let bytes = 0;
  const t0 = performance.now();
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return `${kind.toUpperCase()} writer, ${STREAM_ROWS.toLocaleString('en')} generated rows in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${mb(bytes)} MB out; RSS at ${seen.join(', ')}`;
}

async function main() {
  const ddb = await startDynamoDbLocal();
  process.env.PARLEY_DYNAMODB_ENDPOINT = ddb.endpoint;
  process.env.PARLEY_TABLE = TABLE;
  process.env.PARLEY_RATE_LIMIT_PER_KEY = '100000';
  process.env.PARLEY_MASTER_KEYS ??= newMasterKeyEntry('bench');
  resetDbClient();
  await ensureTable(ddb.endpoint, TABLE);
  const t = await createTenant({ name: 'Bench' });
  const seedStart = performance.now();
  await seed(t.tenantId);
  process.stdout.write(
    `Seeded ${N.toLocaleString('en')} leads in ${((performance.now() - seedStart) / 1000).toFixed(0)} s (DynamoDB Local, in memory, Node ${process.version})\n\n`,
  );

  countReads();
  const server = createLocalServer();
  const base = `http://127.0.0.1:${await listen(server, 0)}`;
  const auth = { authorization: `Bearer ${t.apiKey}` };
  const tenant = (await getTenant(t.tenantId))!;
  process.stdout.write(
    `${await compareExports({ label: 'Leads (one GSI1 partition)', entity: 'leads', tenant, url: `${base}/v1/leads`, apiKey: t.apiKey, n: N, rounds: ROUNDS })}\n`,
  );
  process.stdout.write('(RSS is of the one process running DynamoDB client, server and reader)\n\n');
  // The archive reads the leads twice (JSON, then CSV): progress is items read over 2N.
  const archiveStart = reads.items;
  const archiveMarks = await drainWithCheckpoints(await fetch(`${base}/v1/export`, { headers: auth }), () => (reads.items - archiveStart) / (2 * N));
  process.stdout.write(`RSS during GET /v1/export (${mb(archiveMarks.bytes)} MB zip): ${archiveMarks.rss.join(', ')}\n\n`);
  process.stdout.write(`${await eventDayQueries(base, 5)}\n\n`);
  if (EVENTS > 0) process.stdout.write(`${await benchEventExports(base, TABLE, EVENTS, ROUNDS)}\n\n`);

  server.close();
  server.closeAllConnections();
  resetDbClient();
  await ddb.stop();

  process.stdout.write(`Memory over a longer stream (writers fed generated rows, no DynamoDB):\n${await flatness('csv')}\n${await flatness('xlsx')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
