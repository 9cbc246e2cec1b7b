import type { Options } from 'csv-stringify';
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

const NEEDS_QUOTES = /[\r\n",]/;

/**
 * One CSV record exactly as csv-stringify writes it with `CSV_OPTIONS`
 * (a field holding CR, LF, `"` or `,` quoted, quotes doubled, CRLF after),
 * without its per-field machinery: for a large export that machinery cost
 * more than the rest of the CSV path.
 */
export function csvRecord(fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    const text = fields[i]!;
    line += `${i ? ',' : ''}${NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text}`;
  }
  return `${line}\r\n`;
}

/**
 * Streams rows as RFC 4180 CSV (UTF-8, CRLF, header row first, optionally
 * after a BOM), one chunk per batch of rows (a page): a chunk per row cost
 * more than reading the row from DynamoDB.
 */
export function csvStream(columns: readonly string[], batches: AsyncIterable<readonly Cell[][]>, options: { bom?: boolean } = {}): Readable {
  async function* chunks(): AsyncGenerator<string> {
    yield `${options.bom ? UTF8_BOM : ''}${csvRecord(columns)}`;
    for await (const batch of batches) {
      let text = '';
      for (const row of batch) text += csvRecord(row.map(csvText));
      if (text) yield text;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
