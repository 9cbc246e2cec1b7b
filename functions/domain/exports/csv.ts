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

/**
 * Streams rows as RFC 4180 CSV (UTF-8, CRLF, header row first, optionally
 * after a BOM), one chunk per batch of rows (a page): a chunk per row cost
 * more than reading the row from DynamoDB.
 */
export function csvStream(columns: readonly string[], batches: AsyncIterable<readonly Cell[][]>, options: { bom?: boolean } = {}): Readable {
  async function* chunks(): AsyncGenerator<string> {
    yield stringify([], { ...CSV_OPTIONS, header: true, columns: [...columns], bom: options.bom ?? false });
    for await (const batch of batches)
      if (batch.length)
        yield stringify(
          batch.map((row) => row.map(csvText)),
          CSV_OPTIONS,
        );
  }
  return Readable.from(chunks(), { objectMode: false });
}
