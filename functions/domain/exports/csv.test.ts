import { stringify } from 'csv-stringify/sync';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { CSV_OPTIONS, csvRecord, csvStream } from './csv';

// Buffer decoding keeps a byte order mark (TextDecoder would drop it).
const text = async (stream: NodeJS.ReadableStream) => (await buffer(stream)).toString('utf8');

const awkward = ['plain', '', 'a,b', 'say "hi"', 'line 1\r\nline 2', 'bare\nlf', 'bare\rcr', ' spaced ', '"', ',', 'Wałęsa', "'=1+1"];

describe('csvRecord', () => {
  it('writes what csv-stringify writes with the export options', () => {
    expect(csvRecord(awkward)).toBe(stringify([awkward], CSV_OPTIONS));
    for (const field of awkward) expect(csvRecord([field, field])).toBe(stringify([[field, field]], CSV_OPTIONS));
  });
});

describe('csvStream', () => {
  async function* batches() {
    yield [['1', 'a,b', true, null]];
    yield [];
    yield [['2', 'x"y', false, new Date('2026-01-02T03:04:05.000Z')]];
  }

  it('writes the header, then every batch of rows, as csv-stringify would', async () => {
    const columns = ['id', 'text', 'flag', 'at'];
    const expected = stringify([columns, ['1', 'a,b', 'true', ''], ['2', 'x"y', 'false', '2026-01-02T03:04:05.000Z']], CSV_OPTIONS);
    expect(await text(csvStream(columns, batches()))).toBe(expected);
    expect(await text(csvStream(columns, batches(), { bom: true }))).toBe(`\uFEFF${expected}`);
  });

  it('writes the header alone when there are no rows', async () => {
    expect(await text(csvStream(['a', 'b'], (async function* () {})()))).toBe('a,b\r\n');
  });
});
