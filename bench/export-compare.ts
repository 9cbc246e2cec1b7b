/**
 * One entity's exports against the raw Query of the same items, in one run:
 * raw read, CSV, raw read, XLSX, raw read, JSON pages, raw read, as many
 * rounds as asked; each export is held to the mean of the two raw reads
 * next to it (drift on a shared machine shows as their difference). Each
 * path prints its median rows/s and ratio to the raw read, every run's
 * ratio, and RSS as the items the server has read pass 10%, 50% and 100%.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Entity, partitionsOf } from '../functions/domain/exports/sources';
import type { Tenant } from '../functions/domain/tenants';
import { db } from '../functions/lib/dynamo';

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

/** The page size of the exports and of the raw read. */
export const PAGE = 1_000;

/** Items returned by the Queries of this process (the server runs in it). */
export const reads = { queries: 0, items: 0 };
export function countReads(): void {
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      if (context.commandName === 'QueryCommand') {
        reads.queries += 1;
        reads.items += ((out.output as { Items?: unknown[] }).Items ?? []).length;
      }
      return out;
    },
    { step: 'initialize', name: 'benchReadCounter' },
  );
}

/**
 * The raw read: the very Query inputs the export sends (same partitions, key
 * conditions, visibility filter, eventually consistent), pages of 1,000, each
 * Query sent as soon as the one before answers, as the export's reads do
 * (with nothing to write, one page ahead keeps DynamoDB as busy as two).
 */
export async function rawRead(entity: Entity, tenant: Tenant): Promise<number> {
  let rows = 0;
  for await (const { input } of partitionsOf(entity, tenant, {}, new Date())) {
    const query = (key?: Record<string, unknown>) => db().send(new QueryCommand({ ...input, Limit: PAGE, ...(key ? { ExclusiveStartKey: key } : {}) }));
    let next: ReturnType<typeof query> | undefined = query();
    while (next) {
      const page: Awaited<ReturnType<typeof query>> = await next;
      next = page.LastEvaluatedKey ? query(page.LastEvaluatedKey) : undefined;
      rows += page.Items?.length ?? 0;
    }
  }
  return rows;
}

/** Reads a response to its end, calling `tick` after each chunk. */
async function drain(res: Response, tick: () => void): Promise<number> {
  if (res.status !== 200) throw new Error(`export answered ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    tick();
  }
  return bytes;
}

/**
 * The JSON pages of a listing, `limit=1000`, as a client that follows the
 * `Link: <…>; rel="next"` header: it asks for the next page as soon as the
 * headers name it and reads this page's body meanwhile. Returns the rows listed.
 */
async function jsonPages(url: string, auth: Record<string, string>, tick: () => void): Promise<number> {
  let rows = 0;
  let pending: Promise<Response> | undefined = fetch(`${url}?limit=${PAGE}`, { headers: auth });
  while (pending) {
    const res: Response = await pending;
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    pending = next ? fetch(new URL(next, url), { headers: auth }) : undefined;
    const page = (await res.json()) as { data: unknown[]; nextCursor: string | null };
    if ((page.nextCursor !== null) !== (next !== undefined)) throw new Error('the Link header and nextCursor disagree');
    rows += page.data.length;
    tick();
  }
  return rows;
}

export async function compareExports(options: {
  label: string;
  entity: Entity;
  tenant: Tenant;
  url: string;
  apiKey: string;
  n: number;
  rounds: number;
}): Promise<string> {
  const { label, entity, tenant, url, apiKey, n, rounds } = options;
  const auth = { authorization: `Bearer ${apiKey}` };
  const timed = async <T>(work: () => Promise<T>) => {
    const t0 = performance.now();
    const result = await work();
    return { result, ms: performance.now() - t0 };
  };
  /** RSS as the items the server has read for this path pass 10%, 50%, 100% of n. */
  const checkpoints = () => {
    const start = reads.items;
    const marks = [0.1, 0.5, 1];
    const rss: string[] = [];
    const tick = () => {
      while (marks.length && reads.items - start >= marks[0]! * n) {
        marks.shift();
        rss.push(mb(process.memoryUsage.rss()));
      }
    };
    return { tick, rss };
  };
  const exported = async (work: (tick: () => void) => Promise<number>) => {
    const marks = checkpoints();
    const { result, ms } = await timed(() => work(marks.tick));
    return { result, ms, rss: marks.rss };
  };

  await rawRead(entity, tenant); // warm-up: JIT, connections, DynamoDB Local's caches of these partitions
  // A raw read before and after every export: each export is held to the mean of the two next to it, so
  // the load of a shared machine, which drifts over minutes, weighs on both sides of each ratio alike.
  const raw = async () => {
    const read = await timed(() => rawRead(entity, tenant));
    if (read.result !== n) throw new Error(`raw Query read ${read.result} of ${n} ${entity}`);
    return read;
  };
  const path = `GET ${new URL(url).pathname}`;
  const paths = [
    { name: `${path}?format=csv`, unit: 'MB', work: (tick: () => void) => fetch(`${url}?format=csv`, { headers: auth }).then((res) => drain(res, tick)) },
    { name: `${path}?format=xlsx`, unit: 'MB', work: (tick: () => void) => fetch(`${url}?format=xlsx`, { headers: auth }).then((res) => drain(res, tick)) },
    { name: `${path} JSON pages of ${PAGE.toLocaleString('en')}`, unit: 'rows', work: (tick: () => void) => jsonPages(url, auth, tick) },
  ];
  const rate = (ms: number) => (n / ms) * 1000;
  const raws = [await raw()];
  const runs = paths.map(() => [] as { ratio: number; rowsPerSecond: number; rss: string[]; result: number }[]);
  // Round after round, so a slow minute of the machine weighs on one run of each path, not on all runs of one.
  for (let round = 0; round < rounds; round++) {
    for (const [i, p] of paths.entries()) {
      const m = await exported(p.work);
      const before = raws.at(-1)!;
      raws.push(await raw());
      if (p.unit === 'rows' && m.result !== n) throw new Error(`JSON pages listed ${m.result} of ${n} ${entity}`);
      runs[i]!.push({ ratio: rate(m.ms) / ((rate(before.ms) + rate(raws.at(-1)!.ms)) / 2), rowsPerSecond: rate(m.ms), rss: m.rss, result: m.result });
    }
  }

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
  };
  const rawRates = raws.map((r) => rate(r.ms));
  const lines = [
    `${label}: ${n.toLocaleString('en')} items, pages of ${PAGE.toLocaleString('en')}; ${rounds} round(s) of every path, each run against the mean of the raw reads next to it`,
    `raw Query reads: ${rawRates.map((r) => r.toFixed(0)).join(', ')} items/s`,
    `${'path'.padEnd(52)}${'rows/s'.padStart(8)}${'vs Query'.padStart(10)}  each run; RSS MB at 10%, 50%, 100% of each run`,
  ];
  for (const [i, p] of paths.entries()) {
    const these = runs[i]!;
    const size = p.unit === 'MB' ? ` (${mb(these[0]!.result)} MB)` : '';
    lines.push(
      `${`${p.name}${size}`.padEnd(52)}${median(these.map((r) => r.rowsPerSecond))
        .toFixed(0)
        .padStart(8)}${median(these.map((r) => r.ratio))
        .toFixed(2)
        .padStart(9)}x  ${these.map((r) => r.ratio.toFixed(2)).join(' ')}; ${these.map((r) => r.rss.join('/')).join(', ')}`,
    );
  }
  return lines.join('\n');
}
