/**
 * Live chat benchmark: agent→visitor latency through the reply route
 * (`POST /v1/conversations/{id}/messages`: stored in DynamoDB Local, then
 * pushed through the Management API stand-in to the visitor's socket on
 * `/v1/live`), one reply at a time and several in flight, against a raw `ws`
 * echo of the same frames in the same run; then the server's memory per idle
 * live-chat socket against a raw `ws` server's. The idle sockets are opened
 * from this process to a server in a fresh child process, so that the
 * server's figures hold no client memory and both servers start alike.
 * Usage: npm run bench:live [-- --messages 1000 --concurrency 8 --idle 1000]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket, { WebSocketServer } from 'ws';
import { createTenant } from '../functions/domain/tenants';
import { resetDbClient } from '../functions/lib/dynamo';
import { newMasterKeyEntry } from '../functions/lib/master-keys';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { createLocalServer, listen } from '../local/server';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    idle: { type: 'string', default: '1000' },
    /** Internal: run only a server (`handler` or `raw`) and report its memory when asked. */
    serve: { type: 'string' },
  },
});
const MESSAGES = Number(values.messages);
const CONCURRENCY = Number(values.concurrency);
const IDLE = Number(values.idle);
const TABLE = 'parley-bench-live';
/** Idle sockets per visitor: a visitor may have several sockets (tabs), each its own connection record. */
const SOCKETS_PER_VISITOR = 50;
const OPENING = 32;
const WARM_UP = 64;

const cid = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Frame = { type: string; conversationId: string; message: { id: string; author: string; text: string; ts: number; seq: number; name?: string } };
type Memory = ReturnType<typeof process.memoryUsage>;

async function pool(total: number, concurrency: number, worker: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) await worker(next++);
    }),
  );
}

/** A socket whose received frames resolve the waiter registered for their message id. */
function openSocket(url: string): Promise<{ ws: WebSocket; arrival: (id: string) => Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const waiters = new Map<string, (at: number) => void>();
    ws.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(data.toString()) as Frame;
      waiters.get(frame.message.id)?.(at);
      waiters.delete(frame.message.id);
    });
    const arrival = (id: string) =>
      new Promise<number>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no frame for message ${id} within 10 s`)), 10_000);
        waiters.set(id, (at) => {
          clearTimeout(timer);
          done(at);
        });
      });
    ws.once('open', () => resolve({ ws, arrival }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`socket refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Opens `count` idle sockets, `OPENING` at a time. */
async function openIdle(url: (i: number) => string, count: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  await pool(count, OPENING, async (i) => {
    sockets.push((await openSocket(url(i))).ws);
  });
  return sockets;
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.close();
        }),
    ),
  );
}

interface Pass {
  latencies: number[];
  ms: number;
}

/** Sends `total` messages, `concurrency` in flight; each latency runs from just before the send to its frame's arrival. */
async function measurePass(total: number, concurrency: number, send: (id: string) => Promise<void>, arrival: (id: string) => Promise<number>): Promise<Pass> {
  const latencies: number[] = [];
  const t0 = performance.now();
  await pool(total, concurrency, async () => {
    const id = cid('m');
    const arrived = arrival(id);
    const start = performance.now();
    await send(id);
    latencies.push((await arrived) - start);
  });
  return { latencies: latencies.sort((a, b) => a - b), ms: performance.now() - t0 };
}

const ratio = (r: number) => `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toPrecision(2)}x`;
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
const perSecond = (pass: Pass) => (pass.latencies.length / pass.ms) * 1000;

/** Heap and RSS after full collections, so what is left is what the process holds. */
async function settledMemory(): Promise<Memory> {
  if (!globalThis.gc) setFlagsFromString('--expose-gc');
  const gc = globalThis.gc ?? (runInNewContext('gc') as () => void);
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(100);
  }
  return process.memoryUsage();
}

/** The child process: one server, its port reported, its memory on request. */
async function serve(kind: string): Promise<void> {
  let port: number;
  if (kind === 'handler') {
    port = await listen(createLocalServer(), 0);
  } else {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    wss.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
    await new Promise((r) => wss.once('listening', r));
    port = (wss.address() as { port: number }).port;
  }
  process.on('message', (request) => {
    if (request === 'measure') void settledMemory().then((memory) => process.send?.({ memory }));
    if (request === 'stop') process.exit(0);
  });
  process.send?.({ port });
}

function reply<T>(child: ChildProcess, request?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`server process exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as T);
    });
    if (request) child.send(request);
  });
}

interface IdleFigures {
  /** Bytes per socket: V8 heap in use, V8 heap reserved, resident set. */
  heap: number;
  committed: number;
  rss: number;
}

/** Memory of a fresh server process per idle socket: warm it up, measure, open `count` sockets, measure again. */
async function idleMemory(kind: 'handler' | 'raw', url: (port: number, i: number) => string, count: number): Promise<IdleFigures> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', kind], { stdio: 'inherit' });
  try {
    const { port } = await reply<{ port: number }>(child);
    // Loads the handlers and fills the server's client pools before the first measurement.
    await closeAll(await openIdle((i) => url(port, i), WARM_UP));
    await sleep(500);
    const before = (await reply<{ memory: Memory }>(child, 'measure')).memory;
    const sockets = await openIdle((i) => url(port, i), count);
    await sleep(500);
    const after = (await reply<{ memory: Memory }>(child, 'measure')).memory;
    await closeAll(sockets);
    const per = (key: 'heapUsed' | 'heapTotal' | 'rss') => (after[key] - before[key]) / count;
    return { heap: per('heapUsed'), committed: per('heapTotal'), rss: per('rss') };
  } finally {
    if (child.connected) child.send('stop');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
  }
}

async function main() {
  process.env.PARLEY_MASTER_KEYS ??= newMasterKeyEntry('bench');
  // The benchmark measures the path, not the limits: every request still takes its rate-limit write.
  process.env.PARLEY_RATE_LIMIT_PER_KEY = '1000000000';
  process.env.PARLEY_RATE_LIMIT_PER_SITE = '1000000000';
  const ddb = await startDynamoDbLocal();
  process.env.PARLEY_DYNAMODB_ENDPOINT = ddb.endpoint;
  process.env.PARLEY_TABLE = TABLE;
  resetDbClient();
  await ensureTable(ddb.endpoint, TABLE);

  const server = createLocalServer();
  const port = await listen(server, 0);
  const base = `http://127.0.0.1:${port}`;
  const tenant = await createTenant({ name: 'Bench' });

  const startConversation = async () => {
    const res = await fetch(`${base}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site: tenant.siteKey, visitorId: cid('vis'), sessionId: cid('ses'), pageUrl: 'https://acme.example/pricing' }),
    });
    if (!res.ok) throw new Error(`conversation start answered ${res.status}`);
    const json = (await res.json()) as { conversationId: string; visitorToken: string };
    return { conversationId: json.conversationId, token: json.visitorToken };
  };
  const liveUrl = (p: number, token: string) => `ws://127.0.0.1:${p}/v1/live?token=${encodeURIComponent(token)}`;
  const text = 'Hi, Anna here from the sales team. Happy to help: which plan are you looking at?';

  // Parley: agent replies through the HTTP route to the visitor's socket.
  const visitor = await startConversation();
  const live = await openSocket(liveUrl(port, visitor.token));
  const sendReply = async (id: string) => {
    const res = await fetch(`${base}/v1/conversations/${visitor.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` },
      body: JSON.stringify({ id, author: 'agent', text, ts: Date.now() }),
    });
    await res.text();
    if (res.status !== 201) throw new Error(`reply answered ${res.status}`);
  };
  await measurePass(50, CONCURRENCY, sendReply, live.arrival);
  const handlerSeq = await measurePass(MESSAGES, 1, sendReply, live.arrival);
  const handlerPar = await measurePass(MESSAGES, CONCURRENCY, sendReply, live.arrival);
  live.ws.close();

  // Baseline: the same frames echoed by a plain `ws` server in the same process.
  const echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  echo.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
  await new Promise((r) => echo.once('listening', r));
  const raw = await openSocket(`ws://127.0.0.1:${(echo.address() as { port: number }).port}`);
  let seq = 0;
  const sendRaw = async (id: string) => {
    seq += 1;
    const frame: Frame = { type: 'message', conversationId: visitor.conversationId, message: { id, author: 'agent', text, ts: Date.now(), seq, name: 'Team' } };
    raw.ws.send(JSON.stringify(frame));
  };
  await measurePass(50, CONCURRENCY, sendRaw, raw.arrival);
  const rawSeq = await measurePass(MESSAGES, 1, sendRaw, raw.arrival);
  const rawPar = await measurePass(MESSAGES, CONCURRENCY, sendRaw, raw.arrival);
  raw.ws.close();
  echo.close();

  // Memory per idle socket; a few visitors with many sockets each (each socket is its own connection record).
  const tokens: string[] = [];
  for (let i = 0; i < Math.ceil(IDLE / SOCKETS_PER_VISITOR); i++) tokens.push((await startConversation()).token);
  const idleHandler = await idleMemory('handler', (p, i) => liveUrl(p, tokens[Math.floor(i / SOCKETS_PER_VISITOR)]!), IDLE);
  const idleRaw = await idleMemory('raw', (p) => `ws://127.0.0.1:${p}`, IDLE);

  const ms = (n: number) => n.toFixed(1);
  const mib = (n: number) => (n / 1024 / 1024).toFixed(2);
  const rows: [string, number, number, (n: number) => string][] = [
    ['p50 latency, 1 in flight (ms)', percentile(handlerSeq.latencies, 0.5), percentile(rawSeq.latencies, 0.5), ms],
    ['p95 latency, 1 in flight (ms)', percentile(handlerSeq.latencies, 0.95), percentile(rawSeq.latencies, 0.95), ms],
    ['p99 latency, 1 in flight (ms)', percentile(handlerSeq.latencies, 0.99), percentile(rawSeq.latencies, 0.99), ms],
    ['messages/s, 1 in flight', perSecond(handlerSeq), perSecond(rawSeq), (n) => n.toFixed(0)],
    [`p50 latency, ${CONCURRENCY} in flight (ms)`, percentile(handlerPar.latencies, 0.5), percentile(rawPar.latencies, 0.5), ms],
    [`p95 latency, ${CONCURRENCY} in flight (ms)`, percentile(handlerPar.latencies, 0.95), percentile(rawPar.latencies, 0.95), ms],
    [`p99 latency, ${CONCURRENCY} in flight (ms)`, percentile(handlerPar.latencies, 0.99), percentile(rawPar.latencies, 0.99), ms],
    [`messages/s, ${CONCURRENCY} in flight`, perSecond(handlerPar), perSecond(rawPar), (n) => n.toFixed(0)],
    ['heap in use per idle socket (bytes)', idleHandler.heap, idleRaw.heap, (n) => n.toFixed(0)],
    ['RSS per idle socket (bytes)', idleHandler.rss, idleRaw.rss, (n) => n.toFixed(0)],
    ['heap in use per 1,000 idle (MB)', idleHandler.heap * 1000, idleRaw.heap * 1000, mib],
    ['heap reserved per 1,000 idle (MB)', idleHandler.committed * 1000, idleRaw.committed * 1000, mib],
    ['RSS per 1,000 idle (MB)', idleHandler.rss * 1000, idleRaw.rss * 1000, mib],
  ];
  const out = process.stdout;
  out.write(
    `\nLive chat benchmark: ${MESSAGES} agent replies (1, then ${CONCURRENCY} in flight) to one visitor socket, ${IDLE} idle sockets; DynamoDB Local (in memory), Node ${process.version}\n\n`,
  );
  out.write(`${'figure'.padEnd(36)}${'reply route'.padStart(13)}${'raw ws'.padStart(10)}${'ratio'.padStart(9)}\n`);
  for (const [name, parley, baseline, format] of rows) {
    out.write(`${name.padEnd(36)}${format(parley).padStart(13)}${format(baseline).padStart(10)}${ratio(parley / baseline).padStart(9)}\n`);
  }
  out.write(
    [
      '',
      'reply route: POST /v1/conversations/{id}/messages with an API key (rate-limit write, stored first, then',
      'POST /@connections/{id} to the socket), timed from just before the POST to the frame at the visitor socket.',
      'raw ws: the same frame sent to a plain ws echo server and timed until it comes back; no storage.',
      `Idle sockets: a fresh server process after full GCs, before and after ${IDLE} sockets are opened (${OPENING} at a time).`,
      'Heap in use is what the open sockets hold; RSS also counts the heap V8 reserved while the $connect calls ran',
      '(heap reserved) and keeps after GC. The connection records live in DynamoDB; in AWS API Gateway holds the sockets.',
      '',
    ].join('\n'),
  );

  server.close();
  server.closeAllConnections();
  resetDbClient();
  await ddb.stop();
}

const run = values.serve ? serve(values.serve) : main();
run.catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
