/**
 * Export benchmark: N leads (default 100,000) exported through the HTTP
 * server as CSV, XLSX and JSON pages — rows/s and peak RSS of each — against
 * the raw rate of reading the same items with Query in the same run. Then
 * the CSV and XLSX writers over a generated 1,000,000-row stream, to show
 * their memory stays flat. Usage: npm run bench:export [-- --leads 100000]
 */
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { LEAD_COLUMNS } from '../shared/schemas/exports';
import type { Cell } from '../functions/domain/exports/cells';
import { csvStream } from '../functions/domain/exports/csv';
import { xlsxStream } from '../functions/domain/exports/xlsx';
import { createTenant } from '../functions/domain/tenants';
import { db, resetDbClient } from '../functions/lib/dynamo';
import { TABLE_INDEXES, TenantKeys } from '../functions/lib/table-keys';
import { ensureTable, startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { createLocalServer, listen } from '../functions/local/server';

const { values } = parseArgs({ options: { leads: { type: 'string', default: '100000' }, stream: { type: 'string', default: '1000000' } } });
const N = Number(values.leads);
const STREAM_ROWS = Number(values.stream);
const TABLE = 'parley-bench-export';
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

/** Samples RSS while `work` runs; returns its result, duration and peak RSS. */
async function measure<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peak: number }> {
  global.gc?.();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const t0 = performance.now();
  const result = await work();
  const ms = performance.now() - t0;
  clearInterval(timer);
  return { result, ms, peak: Math.max(peak, process.memoryUsage.rss()) };
}

function leadItem(tenantId: string, i: number) {
  const createdAt = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  const contactId = `k_${randomBytes(12).toString('base64url')}`;
  return {
    ...TenantKeys.contact(tenantId, contactId),
    ...TenantKeys.leadStream(tenantId, createdAt, contactId),
    entity: 'contact', contactId, createdAt, visitorId: `v_${i}`, conversationId: '',
    firstName: `First${i}`, lastName: `Last${i}`, email: `person${i}@example.com`, phone: '+358 40 123 4567', company: `Company ${i % 500}`,
    consentMarketing: i % 2 === 0, consentText: 'News?', pageUrl: 'https://acme.example/pricing?utm_source=ads', referrer: 'https://search.example/',
    utmSource: 'ads', utmMedium: 'cpc', utmCampaign: 'q4', ipNetwork: '203.0.113.0/24', country: 'FI', browser: 'Chrome', os: 'Windows', deviceType: 'desktop',
    answers: [{ question: 'What can we help you with?', answer: 'Pricing for a team of ten' }], expiresAt: 4_102_444_800,
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
        while (request && Object.keys(request).length) request = (await db().send(new BatchWriteCommand({ RequestItems: request as never }))).UnprocessedItems as typeof request;
      }
    }),
  );
}

async function drain(res: Response): Promise<number> {
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}

async function* generated(rows: number): AsyncGenerator<Cell[]> {
  for (let i = 0; i < rows; i++) {
    yield [`k_${i}`, new Date(Date.UTC(2026, 0, 1) + i * 1000), `First${i}`, `Last${i}`, `person${i}@example.com`, "'+358 40 123 4567", `Company ${i % 500}`, i % 2 === 0,
      'https://acme.example/pricing', '', 'ads', 'cpc', 'q4', '203.0.113.0/24', 'FI', 'Chrome', 'Windows', 'desktop', '', 'What can we help you with?: Pricing'];
  }
}

/** RSS at checkpoints while a writer consumes a generated stream (nothing stored). */
async function flatness(kind: 'csv' | 'xlsx'): Promise<string> {
  const checkpoints = [STREAM_ROWS / 10, STREAM_ROWS / 2, STREAM_ROWS];
  const seen: string[] = [];
  let count = 0;
  async function* counted() {
    for await (const row of generated(STREAM_ROWS)) {
      count += 1;
      if (checkpoints.includes(count)) seen.push(`${count.toLocaleString('en')} rows: ${mb(process.memoryUsage.rss())} MB`);
      yield row;
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
  resetDbClient();
  await ensureTable(ddb.endpoint, TABLE);
  const t = await createTenant({ name: 'Bench' });
  const seedStart = performance.now();
  await seed(t.tenantId);
  process.stdout.write(`Seeded ${N.toLocaleString('en')} leads in ${((performance.now() - seedStart) / 1000).toFixed(0)} s (DynamoDB Local, in memory, Node ${process.version})\n\n`);

  const server = createLocalServer();
  const base = `http://127.0.0.1:${await listen(server, 0)}`;
  const auth = { authorization: `Bearer ${t.apiKey}` };
  const baseRss = process.memoryUsage.rss();

  const readAll = async () => {
    let rows = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await db().send(new QueryCommand({ TableName: TABLE, IndexName: TABLE_INDEXES.byTime, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': TenantKeys.streamPartition(t.tenantId, 'LEAD') }, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }));
      rows += page.Items?.length ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return rows;
  };
  await readAll(); // warm-up: JIT, connections, DynamoDB Local's caches
  const raw = await measure(readAll);
  const csv = await measure(async () => drain(await fetch(`${base}/v1/leads?format=csv`, { headers: auth })));
  const xlsx = await measure(async () => drain(await fetch(`${base}/v1/leads?format=xlsx`, { headers: auth })));
  const json = await measure(async () => {
    let rows = 0;
    let cursor: string | null = null;
    do {
      const res = await fetch(`${base}/v1/leads?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: auth });
      if (res.status !== 200) throw new Error(`GET /v1/leads answered ${res.status}`);
      const page = (await res.json()) as { data: unknown[]; nextCursor: string | null };
      rows += page.data.length;
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  });

  const rate = (ms: number) => Math.round((N / ms) * 1000);
  const ceiling = rate(raw.ms);
  process.stdout.write(`${'path'.padEnd(34)}${'rows/s'.padStart(9)}${'vs Query'.padStart(10)}${'peak RSS'.padStart(10)}${'output'.padStart(10)}\n`);
  const line = (name: string, m: { ms: number; peak: number }, out: string) =>
    process.stdout.write(`${name.padEnd(34)}${String(rate(m.ms)).padStart(9)}${`${((rate(m.ms) / ceiling) * 100).toFixed(0)}%`.padStart(10)}${`${mb(m.peak)} MB`.padStart(10)}${out.padStart(10)}\n`);
  line(`raw Query, ${raw.result} items (ceiling)`, raw, '');
  line('GET /v1/leads?format=csv', csv, `${mb(csv.result)} MB`);
  line('GET /v1/leads?format=xlsx', xlsx, `${mb(xlsx.result)} MB`);
  line(`GET /v1/leads JSON pages (${json.result} rows)`, json, '');
  process.stdout.write(`(RSS is of the one process running DynamoDB client, server and reader; ${mb(baseRss)} MB before the exports)\n\n`);

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
