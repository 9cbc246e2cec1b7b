/**
 * Webhook benchmark: lead capture → signed webhook delivered to a receiver
 * on 127.0.0.1 (p50/p95, through the local delivery worker), and the lead
 * capture rate of a tenant without subscribers against one with a
 * subscriber, in the same run (the outbox write is in both; the second also
 * pays for the worker's fan-out and deliveries running beside it).
 * Usage: npm run bench:webhooks [-- --leads 300 --concurrency 4]
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createTenant } from '../functions/domain/tenants';
import { db, tableName } from '../functions/lib/dynamo';
import { WorkQueues } from '../functions/lib/table-keys';
import { resetDbClient } from '../functions/lib/dynamo';

/** Outbox events not yet fanned out. */
async function queueLength(): Promise<number> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :q',
      ExpressionAttributeValues: { ':q': WorkQueues.outboxPartition },
      Select: 'COUNT',
    }),
  );
  return out.Count ?? 0;
}
import { newMasterKeyEntry } from '../functions/lib/master-keys';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { createLocalServer, listen } from '../local/server';

const { values } = parseArgs({ options: { leads: { type: 'string', default: '300' }, concurrency: { type: 'string', default: '4' } } });
const LEADS = Number(values.leads);
const CONCURRENCY = Number(values.concurrency);
const id = (p: string) => `${p}_${randomBytes(9).toString('base64url')}`;

async function pool(n: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function main() {
  const ddb = await startDynamoDbLocal();
  process.env.PARLEY_DYNAMODB_ENDPOINT = ddb.endpoint;
  process.env.PARLEY_TABLE = 'parley-bench-webhooks';
  process.env.PARLEY_MASTER_KEYS ??= newMasterKeyEntry('k1');
  process.env.PARLEY_WEBHOOKS_ALLOW_LOCAL = '1';
  process.env.PARLEY_WORKER_POLL_MS ??= '50';
  process.env.PARLEY_RATE_LIMIT_PER_SITE = '1000000';
  resetDbClient();
  await ensureTable(ddb.endpoint, 'parley-bench-webhooks');

  // The receiver notes when each contact's lead.created arrives.
  const arrived = new Map<string, number>();
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; data: { contactId?: string } };
      if (body.type === 'lead.created' && body.data.contactId && !arrived.has(body.data.contactId)) arrived.set(body.data.contactId, performance.now());
      res.writeHead(204).end();
    });
  });
  const receiverPort = await listen(receiver, 0);
  const server = createLocalServer();
  const base = `http://127.0.0.1:${await listen(server, 0)}`;

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const capture = (siteKey: string, i: number) =>
    post('/v1/leads', {
      site: siteKey,
      visitorId: id('vis'),
      fields: { firstName: `Bench ${i}`, email: `b${i}@example.com` },
      answers: [],
      consent: { marketing: false, text: 'ok' },
    });

  async function run(siteKey: string, sent?: Map<string, number>) {
    const started = performance.now();
    await pool(LEADS, async (i) => {
      const at = performance.now();
      const { contactId } = await capture(siteKey, i);
      sent?.set(String(contactId), at);
    });
    return (LEADS / (performance.now() - started)) * 1000;
  }

  const quiet = await createTenant({ name: 'Bench without subscribers' });
  const busy = await createTenant({ name: 'Bench with a subscriber' });
  await post('/v1/webhooks', { url: `http://127.0.0.1:${receiverPort}/hook`, events: ['lead.created'] }, { authorization: `Bearer ${busy.apiKey}` });
  await pool(20, async (i) => void (await capture(quiet.siteKey, i))); // warm-up

  const latenciesOf = async (sent: Map<string, number>) => {
    const deadline = Date.now() + 180_000;
    while ([...sent.keys()].some((c) => !arrived.has(c)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return [...sent]
      .filter(([c]) => arrived.has(c))
      .map(([c, at]) => (arrived.get(c) ?? 0) - at)
      .sort((a, b) => a - b);
  };
  const line = (l: number[], n: number) =>
    `(${l.length}/${n}): p50 ${pct(l, 50).toFixed(0)} ms, p95 ${pct(l, 95).toFixed(0)} ms, max ${(l.at(-1) ?? Number.NaN).toFixed(0)} ms`;

  // One lead at a time: the pipeline's own latency (capture, outbox, worker poll, fan-out, signed POST).
  const single = new Map<string, number>();
  for (let i = 0; i < 30; i++) {
    const at = performance.now();
    const { contactId } = await capture(busy.siteKey, i);
    single.set(String(contactId), at);
    await latenciesOf(new Map([[String(contactId), at]]));
  }
  const alone = await latenciesOf(single);

  const without = await run(quiet.siteKey);
  // The next run starts with the outbox drained, so its events do not queue behind the first run's.
  const drained = Date.now() + 180_000;
  while ((await queueLength()) > 0 && Date.now() < drained) await new Promise((r) => setTimeout(r, 50));
  const sent = new Map<string, number>();
  const withSubscriber = await run(busy.siteKey, sent);
  const loaded = await latenciesOf(sent);

  console.log(`leads per run: ${LEADS}, concurrency ${CONCURRENCY}, worker poll ${process.env.PARLEY_WORKER_POLL_MS} ms`);
  console.log(`lead capture, tenant without subscribers: ${without.toFixed(1)} leads/s`);
  console.log(`lead capture, tenant with a subscriber:   ${withSubscriber.toFixed(1)} leads/s (ratio ${(withSubscriber / without).toFixed(2)})`);
  console.log(`lead → webhook delivered, one lead at a time ${line(alone, single.size)}`);
  console.log(`lead → webhook delivered, during the ${LEADS}-lead run ${line(loaded, sent.size)}`);

  await new Promise<void>((r) => server.close(() => r()));
  server.closeAllConnections();
  receiver.close();
  await ddb.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
