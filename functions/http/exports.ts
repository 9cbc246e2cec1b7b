import { Readable } from 'node:stream';
import { type FileExport, type PageExport, XLSX_TYPE } from '../domain/exports/listing';
import type { HttpEvent, StreamResult } from '../lib/http';

/** The download response of a streamed CSV or XLSX export, with a dated file name. */
export function fileResponse(file: Omit<FileExport, 'kind'>): StreamResult {
  const day = new Date().toISOString().slice(0, 10);
  return {
    statusCode: 200,
    headers: {
      'Content-Type': file.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
      'Content-Disposition': `attachment; filename="parley-${file.name.replace(/[^A-Za-z0-9_-]/g, '')}-${day}.${file.format}"`,
      'Cache-Control': 'no-store',
    },
    body: Readable.from(fileChunks(file), { objectMode: false }),
  };
}

/** The file's bytes; its writer is loaded only when a file is asked for, not at every cold start. */
async function* fileChunks(file: Omit<FileExport, 'kind'>): AsyncGenerator<Uint8Array | string> {
  if (file.format === 'csv') yield* (await import('../domain/exports/csv')).csvStream(file.columns, file.rows, { bom: file.bom });
  else yield* (await import('../domain/exports/xlsx')).xlsxStream(file.name.slice(0, 31), file.columns, file.rows);
}

/**
 * A listing's answer (the listings are streamed routes): the file, or the
 * JSON page with, while there is more, a `Link: <…>; rel="next"` header
 * (RFC 8288) naming the next page's URL. The head goes out first and the
 * page is encoded while it is sent, a slice of rows at a time, yielding to
 * other work between slices: a client that follows the Link header asks for
 * the next page while this one is still being encoded, sent and parsed. The
 * answer ends once the page's audit entry is stored, and fails if that
 * cannot be, as a file's does.
 */
export function listingResponse<Row>(result: PageExport<Row> | FileExport, event: HttpEvent): StreamResult {
  if (result.kind === 'file') return fileResponse(result);
  const { nextCursor } = result;
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...(nextCursor ? { Link: `<${nextPage(event, nextCursor)}>; rel="next"` } : {}) },
    body: Readable.from(pageChunks(result), { objectMode: false }),
  };
}

/** Rows encoded per slice of a JSON page. */
const SLICE = 100;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `{ data, nextCursor }`, byte for byte as `JSON.stringify` writes it, a slice of rows at a time; then the audit entry. */
async function* pageChunks<Row>({ data, nextCursor, recorded }: PageExport<Row>): AsyncGenerator<string> {
  yield '{"data":[';
  for (let start = 0; start < data.length; start += SLICE) {
    await nextTurn();
    const slice = JSON.stringify(data.slice(start, start + SLICE));
    yield start ? `,${slice.slice(1, -1)}` : slice.slice(1, -1);
  }
  yield `],"nextCursor":${JSON.stringify(nextCursor)}}`;
  await recorded;
}

/** The request's own path and query, with `cursor` set to the next page's. */
function nextPage(event: HttpEvent, cursor: string): string {
  const query = new URLSearchParams(event.rawQueryString);
  query.set('cursor', cursor);
  return `${event.rawPath}?${query}`;
}
