import * as v from 'valibot';
import { recordAudit } from '../audit';
import type { HttpEvent, HttpResult, StreamResult } from '../../lib/http';
import { header, json, parseInput } from '../../lib/http';
import type { Tenant } from '../tenants';
import { type Cell, toCells } from './cells';
import { decodeCursor, encodeCursor } from './cursor';
import { csvStream } from './csv';
import { type Entity, type Located, partitionsOf, readPartitions } from './sources';
import { xlsxStream } from './xlsx';

export type Format = 'json' | 'csv' | 'xlsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const timeBound = (end: 'from' | 'to') =>
  v.pipe(
    v.string(),
    v.check((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) || !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date or timestamp'),
    v.transform((s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T${end === 'from' ? '00:00:00.000' : '23:59:59.999'}Z` : new Date(s).toISOString())),
  );

const ListQuerySchema = v.object({
  format: v.optional(v.picklist(['json', 'csv', 'xlsx'], 'must be json, csv or xlsx')),
  from: v.optional(timeBound('from')),
  to: v.optional(timeBound('to')),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, 'must be a whole number'), v.transform(Number), v.minValue(1), v.maxValue(1000, 'must be at most 1000')), '100'),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(4096))),
});
export type ListQuery = v.InferOutput<typeof ListQuerySchema> & { format: Format };

/** Reads `format=` (else the Accept header), `from`, `to`, `limit` and `cursor`. */
export function parseListQuery(event: HttpEvent): ListQuery {
  const query = parseInput(ListQuerySchema, event.queryStringParameters ?? {}, 'query');
  const accept = header(event, 'accept') ?? '';
  const format: Format = query.format ?? (accept.includes('text/csv') ? 'csv' : accept.includes(XLSX_TYPE) ? 'xlsx' : 'json');
  return { ...query, format };
}

export interface ExportSpec<Row extends object> {
  entity: Entity;
  columns: readonly (keyof Row & string)[];
  toRow: (item: Record<string, unknown>) => Row | Promise<Row>;
}

/** The download response of a streamed CSV or XLSX export. */
export function fileResponse(name: string, format: 'csv' | 'xlsx', columns: readonly string[], rows: AsyncIterable<Cell[]>): StreamResult {
  const day = new Date().toISOString().slice(0, 10);
  return {
    statusCode: 200,
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
      'Content-Disposition': `attachment; filename="parley-${name.replace(/[^A-Za-z0-9_-]/g, '')}-${day}.${format}"`,
      'Cache-Control': 'no-store',
    },
    body: format === 'csv' ? csvStream(columns, rows) : xlsxStream(name.slice(0, 31), columns, rows),
  };
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
): Promise<HttpResult | StreamResult> {
  const now = new Date();
  const partitions = partitionsOf(spec.entity, tenant, query, now);
  const filters = { ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) };
  const record = (rows: number) =>
    audit ? recordAudit(tenant.tenantId, { action: 'export', actor, subject: spec.entity, details: { format: query.format, rows, ...filters } }) : Promise.resolve();

  if (query.format === 'json') {
    const start = query.cursor ? decodeCursor(tenant, spec.entity, query.cursor) : { p: 0 };
    const data: Row[] = [];
    let last: Located | undefined;
    let more = false;
    for await (const located of readPartitions(partitions, start, Math.min(query.limit + 1, 500))) {
      if (data.length === query.limit) {
        more = true;
        break;
      }
      data.push(await spec.toRow(located.item));
      last = located;
    }
    await record(data.length);
    return json(200, { data, nextCursor: more && last ? encodeCursor(tenant, spec.entity, last.position) : null });
  }

  if (query.cursor) decodeCursor(tenant, spec.entity, query.cursor);
  async function* rows(): AsyncGenerator<Cell[]> {
    let count = 0;
    for await (const { item } of readPartitions(partitions)) {
      yield toCells(spec.columns, await spec.toRow(item));
      count += 1;
    }
    // Recorded when the stream completes, with the true row count.
    await record(count);
  }
  return fileResponse(spec.entity, query.format, spec.columns, rows());
}
