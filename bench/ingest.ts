/**
 * Ingest benchmark: events/s through the HTTP server and the collect handler
 * into DynamoDB Local, against raw ways of writing the same items straight
 * into DynamoDB Local in the same run (conditional PutItem per event, the
 * baseline; BatchGetItem + BatchWriteItem; TransactWriteItems of 100
 * conditional puts; unconditional BatchWriteItem), plus write units per
 * 1,000 events by AWS's pricing rules (bench/write-units.ts).
 * Usage: npm run bench:ingest [-- --events 20000 --concurrency 8]
 */
import { BatchWriteCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createTenant } from '../functions/domain/tenants';
import { db, resetDbClient } from '../functions/lib/dynamo';
import { TenantKeys } from '../functions/lib/table-keys';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { createLocalServer, listen } from '../local/server';
import { getItems, putItems } from '../functions/lib/batch-items';
import { countWriteUnits } from './write-units';

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
    ...TenantKeys.event(tenantId, ts, e.id),
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

async function main() {
  const ddb = await startDynamoDbLocal();
  process.env.PARLEY_DYNAMODB_ENDPOINT = ddb.endpoint;
  process.env.PARLEY_TABLE = 'parley-bench';
  resetDbClient();
  await ensureTable(ddb.endpoint, 'parley-bench');

  const units = countWriteUnits(db());

  const server = createLocalServer();
  const port = await listen(server, 0);
  const base = `http://127.0.0.1:${port}`;

  // Warm up (module load, JIT, connections).
  const warm = await createTenant({ name: 'Warm-up' });
  await pool(makeBatches(warm.siteKey).slice(0, 8), async (body) => {
    await fetch(`${base}/v1/collect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  });

  const t = await createTenant({ name: 'Bench' });
  const rows: { name: string; events: number; ms: number; modelled: number; reported: number }[] = [];
  const measure = async (name: string, events: number, run: () => Promise<void>) => {
    units.reset();
    const t0 = performance.now();
    await run();
    rows.push({ name, events, ms: performance.now() - t0, modelled: units.modelled, reported: units.reported });
  };
  const freshItems = () => makeBatches(t.siteKey).map((b) => b.events.map((e) => rawItem(t.tenantId, b.visitorId, b.sessionId, e)));
  const putIfAbsent = (Item: Record<string, unknown>) =>
    db().send(new PutCommand({ TableName: 'parley-bench', Item, ConditionExpression: 'attribute_not_exists(PK)' }));

  await pool(freshItems().slice(0, 8), async (group) => void (await Promise.all(group.map(putIfAbsent))));
  // The same work in different orders across runs would favour whichever runs on a warmer JVM: baseline first and last.
  await measure('raw conditional PutItem', TOTAL, () => pool(freshItems(), async (group) => void (await Promise.all(group.map(putIfAbsent)))));

  let accepted = 0;
  const batches = makeBatches(t.siteKey);
  await measure('HTTP server + collect handler', TOTAL, () =>
    pool(batches, async (body) => {
      const res = await fetch(`${base}/v1/collect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as { accepted: number };
      if (res.status !== 202) throw new Error(`collect answered ${res.status}`);
      accepted += json.accepted;
    }),
  );
  if (accepted !== TOTAL) throw new Error(`the handler accepted ${accepted} of ${TOTAL} events`);

  await measure('raw BatchGetItem + BatchWriteItem', TOTAL, () =>
    pool(freshItems(), async (group) => {
      const found = await getItems(
        group.map((i) => ({ PK: String(i.PK), SK: String(i.SK) })),
        { consistent: true, projection: 'PK, SK' },
      );
      const stored = new Set(found.map((i) => `${String(i.PK)}|${String(i.SK)}`));
      await putItems(group.filter((i) => !stored.has(`${String(i.PK)}|${String(i.SK)}`)));
    }),
  );

  const pairs = freshItems().flatMap((g, i, all) => (i % 2 === 0 ? [[...g, ...(all[i + 1] ?? [])]] : []));
  await measure('raw TransactWriteItems (100 puts)', TOTAL, () =>
    pool(pairs, async (group) => {
      await db().send(
        new TransactWriteCommand({
          TransactItems: group.map((Item) => ({ Put: { TableName: 'parley-bench', Item, ConditionExpression: 'attribute_not_exists(PK)' } })),
        }),
      );
    }),
  );

  await measure('raw BatchWriteItem (no check)', TOTAL, () =>
    pool(freshItems(), async (group) => {
      const chunks = [group.slice(0, 25), group.slice(25)].filter((c) => c.length);
      await Promise.all(chunks.map((c) => db().send(new BatchWriteCommand({ RequestItems: { 'parley-bench': c.map((Item) => ({ PutRequest: { Item } })) } }))));
    }),
  );

  await measure('raw conditional PutItem (again)', TOTAL, () => pool(freshItems(), async (group) => void (await Promise.all(group.map(putIfAbsent)))));

  process.stdout.write(
    `\nIngest benchmark: ${TOTAL} events in batches of ${BATCH}, concurrency ${CONCURRENCY}, DynamoDB Local (in memory), Node ${process.version}\n\n`,
  );
  process.stdout.write(
    `${'path'.padEnd(36)}${'events/s'.padStart(10)}${'× PutItem'.padStart(11)}${'WCU/1000 ev'.padStart(13)}${'(Local says)'.padStart(14)}\n`,
  );
  const put = rows.filter((r) => r.name.startsWith('raw conditional PutItem'));
  const baseline = put.reduce((n, r) => n + r.events, 0) / put.reduce((n, r) => n + r.ms, 0);
  for (const r of rows) {
    const perSecond = (r.events / r.ms) * 1000;
    process.stdout.write(
      `${r.name.padEnd(36)}${perSecond.toFixed(0).padStart(10)}${(r.events / r.ms / baseline).toFixed(2).padStart(10)}x${((r.modelled / r.events) * 1000).toFixed(0).padStart(13)}${((r.reported / r.events) * 1000).toFixed(0).padStart(14)}\n`,
    );
  }
  process.stdout.write(
    '\n× PutItem: events/s against the mean of the two conditional PutItem runs (before and after the rest).\n' +
      'WCU: modelled by AWS pricing from the items written (bench/write-units.ts: table × 2 in transactions, + each index the item is in);\n' +
      'the handler row includes the site rate-limit counter, the session, the visitor, the batch item and the day index.\n' +
      '"Local says": ReturnConsumedCapacity as DynamoDB Local reports it (wrong for transactions).\n',
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
