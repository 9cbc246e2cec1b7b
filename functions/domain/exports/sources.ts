import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/dynamo';
import { EVENT_SHARDS, TABLE_INDEXES, TenantKeys } from '../../lib/table-keys';
import type { Tenant } from '../tenants';
import type { Position } from './cursor';
import { visibilityFilter } from './visible';

export interface TimeRange {
  from?: string | undefined;
  to?: string | undefined;
}

export type Entity = 'leads' | 'conversations' | 'events' | 'audit';

/** One Query of a listing, named so a cursor can resume at it. */
export interface Partition {
  id: string;
  input: QueryCommandInput;
}

export interface SourceOptions {
  /** Start at this partition id (a cursor's); earlier ones are skipped. */
  startAt?: string | undefined;
  /** Leads only: list restricted contacts too (never in file exports). */
  includeRestricted?: boolean;
}

/** Event-day markers read per request while listing events: a year is one or two. */
const DAY_MARKER_PAGE = 400;

/**
 * The Queries that together hold one entity of a tenant, in listing order:
 * one GSI1 partition for leads and conversations; for events, the table's
 * own partitions (events have no index entry), the shards of
 * each day the tenant has events on (read lazily from its day markers, so a
 * year with three event days costs one marker Query and 48 shard Queries,
 * not 5,840); one partition per month for audit.
 */
export async function* partitionsOf(entity: Entity, tenant: Tenant, range: TimeRange, now: Date, options: SourceOptions = {}): AsyncGenerator<Partition> {
  const base = { TableName: tableName(), ...visibilityFilter(now, { excludeRestricted: entity === 'leads' && !options.includeRestricted }) };
  const lo = range.from ?? '0000';
  const hi = `${range.to ?? '9999'}\uffff`;
  const startAt = options.startAt ?? '';
  const byTime = (pk: string, index?: string): QueryCommandInput => ({
    ...base,
    ...(index ? { IndexName: index } : {}),
    KeyConditionExpression: index ? `${index}PK = :pk AND ${index}SK BETWEEN :lo AND :hi` : 'PK = :pk AND SK BETWEEN :lo AND :hi',
    ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':pk': pk, ':lo': lo, ':hi': hi },
  });
  switch (entity) {
    case 'leads':
      yield { id: 'LEAD', input: byTime(TenantKeys.streamPartition(tenant.tenantId, 'LEAD'), TABLE_INDEXES.byTime) };
      return;
    case 'conversations':
      yield { id: 'CONV', input: byTime(TenantKeys.streamPartition(tenant.tenantId, 'CONV'), TABLE_INDEXES.byTime) };
      return;
    case 'events': {
      const [startDay = '', startShard = '0'] = startAt.split('#');
      const shardsOf = function* (day: string, from: number): Generator<Partition> {
        for (let shard = from; shard < EVENT_SHARDS; shard++)
          yield { id: `${day}#${shard}`, input: byTime(TenantKeys.eventStreamPartition(tenant.tenantId, day, shard)) };
      };
      // A cursor's day is a day with events (its position was read there): its shards come first, and the
      // day markers are read only when a page reaches the end of that day, not once for every page.
      if (startDay) yield* shardsOf(startDay, Number(startShard));
      for await (const day of eventDays(tenant, maxOf(lo.slice(0, 10), startDay), hi.slice(0, 10))) {
        if (day !== startDay) yield* shardsOf(day, 0);
      }
      return;
    }
    case 'audit':
      for (const month of monthsBetween(maxOf(range.from ?? '', tenant.createdAt), range.to && range.to < now.toISOString() ? range.to : now.toISOString())) {
        if (month < startAt) continue;
        yield {
          id: month,
          input: {
            TableName: tableName(),
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
            ExpressionAttributeValues: { ':pk': TenantKeys.auditPartition(tenant.tenantId, month), ':lo': lo, ':hi': hi },
          },
        };
      }
  }
}

const maxOf = (a: string, b: string) => (a > b ? a : b);

/** The days (`yyyy-mm-dd`) between two days on which the tenant has events, oldest first, page by page. */
async function* eventDays(tenant: Tenant, fromDay: string, toDay: string): AsyncGenerator<string> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': TenantKeys.eventDaysPartition(tenant.tenantId), ':lo': fromDay, ':hi': toDay },
        ProjectionExpression: 'SK',
        Limit: DAY_MARKER_PAGE,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) yield String(item.SK);
    start = page.LastEvaluatedKey;
  } while (start);
}

function monthsBetween(fromIso: string, toIso: string): string[] {
  const months: string[] = [];
  const end = toIso.slice(0, 7);
  for (let d = new Date(`${fromIso.slice(0, 7)}-01T00:00:00Z`); d.toISOString().slice(0, 7) <= end; d.setUTCMonth(d.getUTCMonth() + 1)) {
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

export interface Located {
  item: Record<string, unknown>;
  /** Resume here to continue after this item. */
  position: Position;
}

/** How a read of a whole range (a file, the archive) pages: large pages, two read ahead. */
export const WHOLE_RANGE = { pageSize: 1_000, readAhead: 2 } as const;

/** One page of one partition's Query: its visible items, in key order. */
export interface Page {
  partition: string;
  items: Record<string, unknown>[];
  /** The key attributes that make a position in this partition. */
  keyNames: readonly string[];
}

export interface ReadOptions {
  /**
   * Items a Query asks for; a function is asked before each Query, so a
   * page that needs only a few more rows does not read a whole page of the
   * next partition.
   */
  pageSize?: number | (() => number);
  /** Pages read before they are asked for (0: none). */
  readAhead?: number;
}

interface Pending {
  partition: Partition;
  page: Promise<QueryCommandOutput>;
}

/**
 * Reads the partitions in order, from `start` if given, a page at a time,
 * one Query at a time. With `readAhead`, each Query is sent as soon as the
 * one before it answers, until that many pages wait unread beside the one
 * being consumed: reading goes on while a page is written (a slow stretch
 * of the writer leaves DynamoDB no gap), across partitions too, and memory
 * holds at most `readAhead` + 1 pages. For reads of a whole range, never
 * for a page that may stop early.
 */
export async function* readPages(partitions: AsyncIterable<Partition>, start?: Position, options: ReadOptions = {}): AsyncGenerator<Page> {
  const { pageSize = 500, readAhead = 0 } = options;
  const query = (partition: Partition, exclusiveStartKey: Record<string, unknown> | undefined): Pending => {
    const Limit = typeof pageSize === 'function' ? pageSize() : pageSize;
    const page = db().send(new QueryCommand({ ...partition.input, Limit, ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}) }));
    // A reader that stops early leaves a read-ahead unanswered: its failure is nobody's to handle.
    page.catch(() => undefined);
    return { partition, page };
  };
  const iterator = partitions[Symbol.asyncIterator]();
  const open = async (): Promise<Pending | undefined> => {
    const next = await iterator.next();
    return next.done ? undefined : query(next.value, start && next.value.id === start.p ? start.k : undefined);
  };
  // The pages to come, in order: each link sends its Query once the link before has answered.
  let tail = open();
  const ahead = [tail];
  const extend = () => {
    tail = tail.then(async (pending) => {
      if (!pending) return undefined;
      const output = await pending.page;
      return output.LastEvaluatedKey ? query(pending.partition, output.LastEvaluatedKey) : open();
    });
    tail.catch(() => undefined);
    ahead.push(tail);
  };
  try {
    for (;;) {
      while (ahead.length <= readAhead) extend();
      const current = await ahead.shift()!;
      if (!current) return;
      const output = await current.page;
      const { id, input } = current.partition;
      yield { partition: id, items: output.Items ?? [], keyNames: ['PK', 'SK', ...(input.IndexName ? [`${input.IndexName}PK`, `${input.IndexName}SK`] : [])] };
    }
  } finally {
    await iterator.return?.();
  }
}

/** Reads like `readPages`, yielding each visible item with the position just after it. */
export async function* readPartitions(partitions: AsyncIterable<Partition>, start?: Position, options: ReadOptions = {}): AsyncGenerator<Located> {
  for await (const { partition, items, keyNames } of readPages(partitions, start, options)) {
    for (const item of items) {
      // Built only when asked for (a JSON page's cursor), not for every row of a file.
      yield {
        item,
        get position() {
          return { p: partition, k: Object.fromEntries(keyNames.map((n) => [n, String(item[n])])) };
        },
      };
    }
  }
}
