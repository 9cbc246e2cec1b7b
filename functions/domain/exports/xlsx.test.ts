import ExcelJS from 'exceljs';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { Cell } from './cells';
import { columnName, escapeXml, xlsxStream } from './xlsx';

async function* rowsOf(rows: Cell[][]) {
  yield rows;
}

async function read(columns: string[], rows: Cell[][]) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await buffer(xlsxStream('leads', columns, rowsOf(rows)))) as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

describe('xlsxStream', () => {
  it('writes a workbook a spreadsheet reads back with typed cells', async () => {
    const at = new Date('2026-11-23T10:15:00.000Z');
    const sheet = await read(['name', 'at', 'consent', 'count', 'empty'], [['Aino <&> "A"\r\nline 2', at, true, 42, null]]);
    expect(sheet.name).toBe('leads');
    expect(sheet.getRow(1).values).toEqual([undefined, 'name', 'at', 'consent', 'count', 'empty']);
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe('Aino <&> "A"\r\nline 2');
    expect((row.getCell(2).value as Date).toISOString()).toBe(at.toISOString());
    expect(row.getCell(3).value).toBe(true);
    expect(row.getCell(4).value).toBe(42);
    expect(row.getCell(5).value).toBeNull();
  });

  it('keeps the whitespace at the edges of a text and inside it', async () => {
    const texts = ['  padded  ', 'tab\tinside', 'ends\n', 'plain', 'Åsa Öberg', '\u2003em space\u2003', 'a & b'];
    const sheet = await read(['a', 'b', 'c', 'd', 'e', 'f', 'g'], [texts]);
    expect([1, 2, 3, 4, 5, 6, 7].map((i) => sheet.getRow(2).getCell(i).value)).toEqual(texts);
  });

  it('drops characters XML cannot carry instead of writing a broken file', async () => {
    const sheet = await read(['text'], [['a\u0000b\u0007c']]);
    expect(sheet.getRow(2).getCell(1).value).toBe('abc');
  });
});

describe('xlsx helpers', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('names column %i %s', (index, name) => {
    expect(columnName(index)).toBe(name);
  });

  it('escapes markup and keeps CR as a reference', () => {
    expect(escapeXml('<a href="x">&</a>\r')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;&#13;');
  });
});
