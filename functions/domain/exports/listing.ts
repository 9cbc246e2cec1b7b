import type * as v from 'valibot';
import type { LeadListQuerySchema, ListQuerySchema } from '../../../shared/schemas/exports';
import { recordAudit } from '../audit';
import { badRequest } from '../../lib/errors';
import type { Tenant } from '../tenants';
import { type Cell, cellsOf } from './cells';
import { type Position, decodeCursor, encodeCursor, invalidCursor } from './cursor';
import { readAhead, takePage } from './read-ahead';
import { foldText } from './search';
import { type Entity, type Located, WHOLE_RANGE, partitionsOf, readPages, readPartitions } from './sources';

export type Format = 'json' | 'csv' | 'xlsx';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ListQuery {
  format: Format;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
  /** CSV only: start with a UTF-8 byte order mark. */
  bom: boolean;
  /** Folded search text (leads only). */
  search?: string | undefined;
  /** JSON leads only: restricted contacts listed too, marked `restricted: true`. */
  includeRestricted: boolean;
}

/** A listing's query as validated at the edge (`GET /v1/leads` adds `q` and `restricted`). */
export type ListQueryInput = v.InferOutput<typeof ListQuerySchema> & Partial<Pick<v.InferOutput<typeof LeadListQuerySchema>, 'q' | 'restricted'>>;

/**
 * The listing options from the validated query: `format=` (else the Accept
 * header), `from`, `to`, `limit`, `cursor`, `bom`, and for leads `q` and
 * `restricted`. Refuses `from` after `to`, and options that do not fit the format.
 */
export function listQuery(query: ListQueryInput, accept = ''): ListQuery {
  const format: Format = query.format ?? (accept.includes('text/csv') ? 'csv' : accept.includes(XLSX_TYPE) ? 'xlsx' : 'json');
  if (query.from && query.to && query.from > query.to) throw badRequest('The query is invalid', [{ path: 'from', message: 'must not be after to' }]);
  const includeRestricted = query.restricted === 'include';
  if (includeRestricted && format !== 'json') {
    throw badRequest('The query is invalid', [
      { path: 'restricted', message: 'include is for JSON listings only: file exports never hold restricted contacts' },
    ]);
  }
  // A cursor continues a JSON listing; a file export always streams the whole range.
  if (query.cursor && format !== 'json') throw invalidCursor();
  const search = query.q ? foldText(query.q.trim()) : '';
  return {
    format,
    from: query.from,
    to: query.to,
    limit: query.limit,
    cursor: query.cursor,
    bom: query.bom === '1',
    ...(search ? { search } : {}),
    includeRestricted,
  };
}

export interface ExportSpec<Row extends object> {
  entity: Entity;
  columns: readonly (keyof Row & string)[];
  toRow: (item: Record<string, unknown>) => Row | Promise<Row>;
  /** Whether a row holds the folded search text (entities that can be searched). */
  matches?: (row: Row, search: string) => boolean;
}

/** A streamed CSV or XLSX download, for the HTTP layer to send. */
export interface FileExport {
  kind: 'file';
  name: string;
  format: 'csv' | 'xlsx';
  columns: readonly string[];
  /** The rows a page at a time (one await per page, not per row). */
  rows: AsyncIterable<Cell[][]>;
  bom: boolean;
}

/** Rows made one at a time, in batches of up to `size` for a file export. */
export async function* batched(rows: AsyncIterable<Cell[]>, size = 1_000): AsyncGenerator<Cell[][]> {
  let batch: Cell[][] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** One JSON page of a listing. */
export interface PageExport<Row> {
  kind: 'page';
  data: Row[];
  nextCursor: string | null;
  /**
   * The page's audit entry, being written: the answer may be sent
   * meanwhile but ends only once it is stored, and fails if it cannot be.
   */
  recorded: Promise<void>;
}

/** Items a searched JSON page reads at most before answering with what it found and a cursor. */
const SEARCH_READ_BUDGET = 5_000;

/**
 * What a cursor is bound to: the listing and every option that selects its
 * rows. `limit` is left out on purpose, so a client may change the page size
 * between pages; the format is JSON by construction.
 */
const cursorScope = (entity: Entity, query: ListQuery) =>
  JSON.stringify(['v2', entity, query.from ?? '', query.to ?? '', query.search ?? '', query.includeRestricted]);

interface PageRead<Row> {
  data: Row[];
  /** Whether rows remain after `last`. */
  more: boolean;
  last: Located | undefined;
}

/** Whether a row belongs in the answer: every row, or with a search those that hold its text. */
const searchFilter =
  <Row extends object>(spec: ExportSpec<Row>, query: ListQuery) =>
  (row: Row): boolean =>
    !query.search || !spec.matches || spec.matches(row, query.search);

/** Reads one JSON page from `start`: up to `query.limit` rows, and whether there are more. */
async function readPage<Row extends object>(
  spec: ExportSpec<Row>,
  tenant: Tenant,
  query: ListQuery,
  start: Position | undefined,
  now: Date,
): Promise<PageRead<Row>> {
  const wanted = searchFilter(spec, query);
  const partitions = partitionsOf(spec.entity, tenant, query, now, { startAt: start?.p, includeRestricted: query.includeRestricted });
  const data: Row[] = [];
  let last: Located | undefined;
  let more = false;
  let read = 0;
  // Without a search every item read is a row: a Query asks only for the rows still missing and one more (is there a next page?).
  const pageSize = query.search ? 500 : () => Math.min(query.limit + 1 - data.length, 1_001);
  for await (const located of readPartitions(partitions, start, { pageSize })) {
    // A search that finds little stops after a budget of reads, so no page takes unbounded time.
    if (read === SEARCH_READ_BUDGET && query.search) {
      more = true;
      break;
    }
    const made = spec.toRow(located.item);
    const row = made instanceof Promise ? await made : made;
    if (wanted(row)) {
      if (data.length === query.limit) {
        more = true;
        break;
      }
      data.push(row);
    }
    last = located;
    read += 1;
  }
  return { data, more, last };
}

/**
 * Answers a listing: a JSON page `{ data, nextCursor }`, or the whole range
 * streamed as CSV/XLSX. Every answer is an audited export.
 */
export async function exportListing<Row extends object>(
  spec: ExportSpec<Row>,
  tenant: Tenant,
  actor: string,
  query: ListQuery,
  audit = true,
): Promise<PageExport<Row> | FileExport> {
  const now = new Date();
  const filters = {
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.search ? { search: true } : {}),
    ...(query.includeRestricted ? { restricted: 'include' } : {}),
  };
  // The search text is personal data (names, emails): the audit says only that there was one.
  const record = (rows: number) =>
    audit
      ? recordAudit(tenant.tenantId, { action: 'export', actor, subject: spec.entity, details: { format: query.format, rows, ...filters } })
      : Promise.resolve();

  if (query.format === 'json') {
    const scope = cursorScope(spec.entity, query);
    const start = query.cursor ? decodeCursor(tenant, scope, query.cursor) : undefined;
    // The page size is part of a walk: a client may change it between pages, and a page read ahead has the old one.
    const walk = `${tenant.tenantId}|${scope}|${query.limit}`;
    const read = () => readPage(spec, tenant, query, start, now);
    const ahead = query.cursor ? takePage<PageRead<Row>>(walk, query.cursor) : undefined;
    const page = ahead ? await ahead.catch(read) : await read();
    const last = page.more ? page.last : undefined;
    const nextCursor = last ? encodeCursor(tenant, scope, last.position) : null;
    // A client asking for a second page or later is walking the listing: its next page is read while it takes this one.
    if (last && nextCursor && query.cursor) readAhead(tenant.tenantId, walk, nextCursor, () => readPage(spec, tenant, query, last.position, new Date()));
    const recorded = record(page.data.length).then(() => undefined);
    recorded.catch(() => undefined);
    return { kind: 'page', data: page.data, nextCursor, recorded };
  }

  const partitions = partitionsOf(spec.entity, tenant, query, now);
  const toCells = cellsOf(spec.columns);
  const wanted = searchFilter(spec, query);
  async function* rows(): AsyncGenerator<Cell[][]> {
    let count = 0;
    for await (const { items } of readPages(partitions, undefined, WHOLE_RANGE)) {
      const batch: Cell[][] = [];
      for (const item of items) {
        // Most rows are made without waiting: no await (one turn of the event loop) for those.
        const made = spec.toRow(item);
        const row = made instanceof Promise ? await made : made;
        if (wanted(row)) batch.push(toCells(row));
      }
      count += batch.length;
      if (batch.length) yield batch;
    }
    // Recorded when the stream completes, with the true row count.
    await record(count);
  }
  return { kind: 'file', name: spec.entity, format: query.format, columns: spec.columns, rows: rows(), bom: query.bom };
}
