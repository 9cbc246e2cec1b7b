import { type Options, stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { type Cell, csvText } from './cells';

/**
 * RFC 4180 with CRLF records. csv-stringify quotes a field holding the CRLF
 * record delimiter but not a bare CR or LF, which would split the record for
 * strict readers, so every field holding CR, LF, a quote or a comma is quoted.
 */
export const CSV_OPTIONS: Options = { record_delimiter: 'windows', quoted_match: /[\r\n",]/ };

/** What Excel needs to read a CSV as UTF-8 (off by default: strict readers want the header first). */
export const UTF8_BOM = '\uFEFF';

/** Streams rows as RFC 4180 CSV (UTF-8, CRLF, header row first, optionally after a BOM). */
export function csvStream(columns: readonly string[], rows: AsyncIterable<Cell[]>, options: { bom?: boolean } = {}): Readable {
  const csv = stringify({ ...CSV_OPTIONS, header: true, columns: [...columns], bom: options.bom ?? false });
  async function* texts() {
    for await (const row of rows) yield row.map(csvText);
  }
  Readable.from(texts())
    .on('error', (error) => csv.destroy(error))
    .pipe(csv);
  return csv;
}
