/**
 * Ingest benchmark: events/s through the HTTP server and the collect handler
 * into DynamoDB Local, against the raw rate of writing the same items
 * straight into DynamoDB Local in the same run, plus write units per 1,000
 * events. Usage: npm run bench:ingest [-- --events 20000 --concurrency 8]
 */
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createTenant } from '../functions/domain/tenants';
import { db, resetDbClient } from '../functions/lib/dynamo';
import { TenantKeys } from '../functions/lib/table-keys';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { createLocalServer, listen } from '../local/server';

const { values } = parseArgs({ options: { events: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '8' } } });
const TOTAL = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const BATCH = 50;

const id = (p: string) => `${p}_${randomBytes(9).toString('base64url')}`;

async function pool<T>(items: T[], worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await worker(items[next++]!);
    }),
  );
}

function makeBatches(siteKey: string) {
  return Array.from({ length: Math.ceil(TOTAL / BATCH) }, () => ({
    site: siteKey,
    visitorId: id('vis'),
    sessionId: id('ses'),
    events: Array.from({ length: BATCH }, (_, i) => ({
      id: id('evt'),
      type: 'page_view',
      ts: Date.now() + i,
      url: 'https://acme.example/pricing?utm_source=bench',
      referrer: 'https://search.example/',
    })),
  }));
}

/** What the handler stores for an event, built by hand for the raw baseline. */
function rawItem(tenantId: string, visitorId: string, sessionId: string, e: { id: string; ts: number; url: string; referrer: string }) {
  const ts = new Date(e.ts).toISOString();
  return {
    ...TenantKeys.event(tenantId, e.id),
    ...TenantKeys.eventStream(tenantId, ts, e.id),
    ...TenantKeys.eventByVisitor(tenantId, visitorId, ts, e.id),
    entity: 'event',
    eventId: e.id,
    visitorId,
    sessionId,
    type: 'page_view',
    ts,
    url: e.url,
    referrer: e.referrer,
    utmSource: 'bench',
    ipNetwork: '127.0.0.0/24',
    deviceType: 'desktop',
    receivedAt: ts,
    expiresAt: Math.floor(e.ts / 1000) + 395 * 86400,
  };
}

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

async function main() {
  const ddb = await startDynamoDbLocal();
  process.env.PARLEY_DYNAMODB_ENDPOINT = ddb.endpoint;
  process.env.PARLEY_TABLE = 'parley-bench';
  resetDbClient();
  await ensureTable(ddb.endpoint, 'parley-bench');

  let units = 0;
  db().middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) units += c.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'countCapacity' },
  );

  const server = createLocalServer();
  const port = await listen(server, 0);
  const base = `http://127.0.0.1:${port}`;

  // Warm up (module load, JIT, connections).
  const warm = await createTenant({ name: 'Warm-up' });
  await pool(makeBatches(warm.siteKey).slice(0, 8), async (body) => {
    await fetch(`${base}/v1/collect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  });

  const t = await createTenant({ name: 'Bench' });
  const batches = makeBatches(t.siteKey);
  units = 0;
  let accepted = 0;
  let t0 = performance.now();
  await pool(batches, async (body) => {
    const res = await fetch(`${base}/v1/collect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as { accepted: number };
    if (res.status !== 202) throw new Error(`collect answered ${res.status}`);
    accepted += json.accepted;
  });
  const handlerMs = performance.now() - t0;
  const handlerUnits = units;

  // Baseline 1: BatchWriteItem (25 items/request, unconditional: no idempotency).
  const raw = makeBatches(t.siteKey).flatMap((b) => b.events.map((e) => rawItem(t.tenantId, b.visitorId, b.sessionId, e)));
  const chunks: (typeof raw)[] = [];
  for (let i = 0; i < raw.length; i += 25) chunks.push(raw.slice(i, i + 25));
  units = 0;
  t0 = performance.now();
  await pool(chunks, async (chunk) => {
    let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
      'parley-bench': chunk.map((Item) => ({ PutRequest: { Item } })),
    };
    while (request && Object.keys(request).length) {
      const out = await db().send(new BatchWriteCommand({ RequestItems: request }));
      request = out.UnprocessedItems as typeof request;
    }
  });
  const batchMs = performance.now() - t0;
  const batchUnits = units;

  // Baseline 2: conditional PutItem per event (the write the handler makes), without HTTP or validation.
  const rawPut = makeBatches(t.siteKey).flatMap((b) => b.events.map((e) => rawItem(t.tenantId, b.visitorId, b.sessionId, e)));
  units = 0;
  t0 = performance.now();
  await pool(
    Array.from({ length: Math.ceil(rawPut.length / BATCH) }, (_, i) => rawPut.slice(i * BATCH, (i + 1) * BATCH)),
    async (group) => {
      await Promise.all(group.map((Item) => db().send(new PutCommand({ TableName: 'parley-bench', Item, ConditionExpression: 'attribute_not_exists(PK)' }))));
    },
  );
  const putMs = performance.now() - t0;

  const rows = [
    ['HTTP server + collect handler', accepted, handlerMs, handlerUnits],
    ['raw BatchWriteItem (baseline)', raw.length, batchMs, batchUnits],
    ['raw conditional PutItem', rawPut.length, putMs, units],
  ] as const;
  process.stdout.write(
    `\nIngest benchmark: ${TOTAL} events in batches of ${BATCH}, concurrency ${CONCURRENCY}, DynamoDB Local (in memory), Node ${process.version}\n\n`,
  );
  process.stdout.write(`${'path'.padEnd(32)}${'events'.padStart(8)}${'ms'.padStart(9)}${'events/s'.padStart(10)}${'WCU/1000 ev'.padStart(13)}\n`);
  for (const [name, n, ms, u] of rows) {
    process.stdout.write(
      `${name.padEnd(32)}${String(n).padStart(8)}${ms.toFixed(0).padStart(9)}${String(rate(n, ms)).padStart(10)}${((u / n) * 1000).toFixed(0).padStart(13)}\n`,
    );
  }
  process.stdout.write(
    `\nhandler path / BatchWriteItem: ${(rate(accepted, handlerMs) / rate(raw.length, batchMs)).toFixed(2)}x; handler path / conditional PutItem: ${(rate(accepted, handlerMs) / rate(rawPut.length, putMs)).toFixed(2)}x\n`,
  );
  process.stdout.write(
    'WCU: ReturnConsumedCapacity TOTAL as DynamoDB Local reports it (table + GSI1 write per event; session and visitor updates once per batch).\n',
  );

  server.close();
  server.closeAllConnections();
  resetDbClient();
  await ddb.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
