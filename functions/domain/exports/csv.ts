import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import type { Cell } from './cells';

/** Streams rows as RFC 4180 CSV (UTF-8, CRLF, header row first). */
export function csvStream(columns: readonly string[], rows: AsyncIterable<Cell[]>): Readable {
  const csv = stringify({
    header: true,
    columns: [...columns],
    record_delimiter: 'windows',
    cast: { boolean: (b) => (b ? 'true' : 'false'), date: (d) => d.toISOString() },
  });
  Readable.from(rows).on('error', (error) => csv.destroy(error)).pipe(csv);
  return csv;
}
