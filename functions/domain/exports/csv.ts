import type { Options } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';
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

/** Rows written per chunk: a chunk per row cost more than reading the row from DynamoDB. */
const ROWS_PER_CHUNK = 256;

/** Streams rows as RFC 4180 CSV (UTF-8, CRLF, header row first, optionally after a BOM), a few hundred rows a chunk. */
export function csvStream(columns: readonly string[], rows: AsyncIterable<Cell[]>, options: { bom?: boolean } = {}): Readable {
  async function* chunks(): AsyncGenerator<string> {
    let batch: string[][] = [];
    let first = true;
    const text = () => {
      const out = stringify(batch, { ...CSV_OPTIONS, header: first, columns: [...columns], bom: first && (options.bom ?? false) });
      first = false;
      batch = [];
      return out;
    };
    for await (const row of rows) {
      batch.push(row.map(csvText));
      if (batch.length === ROWS_PER_CHUNK) yield text();
    }
    // The header too, when there are no rows.
    if (batch.length > 0 || first) yield text();
  }
  return Readable.from(chunks(), { objectMode: false });
}
