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
 * (RFC 8288) naming the next page's URL. The page is sent as soon as it is
 * encoded and the answer ends once the page's audit entry is stored (it
 * fails if that cannot be), as a file's does: a client that follows the
 * Link header asks for the next page while this one's entry is written.
 */
export function listingResponse<Row>(result: PageExport<Row> | FileExport, event: HttpEvent): StreamResult {
  if (result.kind === 'file') return fileResponse(result);
  const { nextCursor } = result;
  const body = JSON.stringify({ data: result.data, nextCursor });
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...(nextCursor ? { Link: `<${nextPage(event, nextCursor)}>; rel="next"` } : {}) },
    body: Readable.from(thenAudited(body, result.recorded), { objectMode: false }),
  };
}

async function* thenAudited(body: string, recorded: Promise<void>): AsyncGenerator<string> {
  yield body;
  await recorded;
}

/** The request's own path and query, with `cursor` set to the next page's. */
function nextPage(event: HttpEvent, cursor: string): string {
  const query = new URLSearchParams(event.rawQueryString);
  query.set('cursor', cursor);
  return `${event.rawPath}?${query}`;
}
