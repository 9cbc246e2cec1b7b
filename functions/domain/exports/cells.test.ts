import { describe, expect, it } from 'vitest';
import { cellsOf, csvText, flatten, neutralise, trimInvisible } from './cells';

const NBSP = '\u00A0';
const ZW = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF'];

describe('neutralise', () => {
  const formulas: [string, string][] = [
    ['=1+1', 'ASCII equals'],
    ['+1+1', 'ASCII plus'],
    ['-2+3', 'ASCII minus'],
    ['@SUM(A1)', 'at sign'],
    ['\tTabbed', 'tab'],
    ['\rCarriage', 'carriage return'],
    ['\nLinefeed', 'line feed'],
    [' =1+1', 'space'],
    ['   +1', 'spaces'],
    [`${NBSP}=1+1`, 'no-break space'],
    ...ZW.map((z): [string, string] => [`${z}=1+1`, `U+${z.codePointAt(0)!.toString(16).toUpperCase()}`]),
    [`${NBSP}\u200B =HYPERLINK("x")`, 'mixed invisibles'],
    ['\uFF1D1+1', 'full-width equals'],
    ['\uFF0B1', 'full-width plus'],
    ['\uFF0D1', 'full-width minus'],
    ['\uFF20SUM(A1)', 'full-width at'],
    [' \uFF1D1', 'space then full-width equals'],
    ['\u3000=1', 'ideographic space'],
    ['\u2003-1', 'em space'],
    ['\u200E=1', 'left-to-right mark'],
    ['\u202E=1', 'right-to-left override'],
    ['\u00AD=1', 'soft hyphen'],
    ['\u2212 1', 'minus sign'],
    ['\uFE66 1', 'small equals'],
  ];
  it.each(formulas)('guards %j (%s)', (text) => {
    expect(neutralise(text)).toBe(`'${text}`);
  });

  const plain = [
    'Aino',
    'hello = world',
    'a+b',
    'x@example.com',
    '1-2',
    "'=already",
    '',
    ' ',
    '\u200B',
    'Ünïcödé',
    '日本語',
    '(555) 123',
    '#hashtag',
    '%percent',
  ];
  it.each(plain)('leaves %j alone', (text) => {
    expect(neutralise(text)).toBe(text);
  });

  it.each([
    ['Q: x\n=1+1', "Q: x\n'=1+1"],
    ['a\r\n+1', "a\r\n'+1"],
    ['a\r-1', "a\r'-1"],
    ['a\n \u00A0@x', "a\n' \u00A0@x"],
    ['a\n\tb', "a\n'\tb"],
    ['a\n\n=1', "a\n\n'=1"],
    ['=1\n=2', "'=1\n'=2"],
    ['a\nb=1', 'a\nb=1'],
  ])('guards every line of %j', (text, guarded) => {
    expect(neutralise(text)).toBe(guarded);
  });
});

describe('trimInvisible', () => {
  it.each([
    [' https://acme.example/ ', 'https://acme.example/'],
    [`${NBSP}\u200Bads\uFEFF`, 'ads'],
    ['\t\nq4\r\n', 'q4'],
    ['in side', 'in side'],
  ])('trims %j', (text, trimmed) => {
    expect(trimInvisible(text)).toBe(trimmed);
  });
});

describe('flatten', () => {
  it('trims URLs, referrers and UTM values, then still neutralises them', () => {
    expect(flatten('pageUrl', ' https://acme.example/ ')).toBe('https://acme.example/');
    expect(flatten('utmSource', `${NBSP}=cmd|' /C calc'!A0`)).toBe(`'=cmd|' /C calc'!A0`);
    expect(flatten('referrer', '\u200B+1')).toBe("'+1");
    expect(flatten('utmCampaign', '\uFF1DSUM(1)')).toBe("'\uFF1DSUM(1)");
  });

  it('keeps free text as typed but neutralised', () => {
    expect(flatten('firstName', ' =1')).toBe("' =1");
    expect(flatten('company', `${NBSP}@evil`)).toBe(`'${NBSP}@evil`);
  });

  it('types phone numbers as text: exact in XLSX, neutralised in CSV', () => {
    const cell = flatten('phone', '+358 40 123 4501');
    expect(cell).toEqual({ typed: '+358 40 123 4501' });
    expect(csvText(cell)).toBe("'+358 40 123 4501");
    expect(csvText(flatten('phone', '040 123 4501'))).toBe('040 123 4501');
    // Not a phone number: guarded like any text.
    expect(flatten('phone', '=1+1')).toBe("'=1+1");
  });

  it('joins answers one per line, guarding each line', () => {
    const cell = flatten('answers', [
      { question: 'Need?', answer: 'x\n=1+1' },
      { question: '=Q', answer: 'y' },
    ]);
    expect(cell).toBe("Need?: x\n'=1+1\n'=Q: y");
  });

  it('makes dates of timestamp columns and leaves numbers and booleans typed', () => {
    expect(flatten('createdAt', '2026-01-02T03:04:05.000Z')).toEqual(new Date('2026-01-02T03:04:05.000Z'));
    expect(flatten('leadCount', 3)).toBe(3);
    expect(flatten('consentMarketing', false)).toBe(false);
    expect(flatten('details', { a: '=1' })).toBe('{"a":"=1"}');
    expect(flatten('x', null)).toBeNull();
  });
});

describe('date cells', () => {
  it.each([
    '2026-01-10T12:00:00.000Z',
    '2024-02-29T23:59:59.999Z',
    '2026-02-30T00:00:00.000Z',
    '2026-13-01T00:00:00.000Z',
    '2026-01-10T12:00:00Z',
    '2026-01-10T14:00:00.000+02:00',
    '0099-01-01T00:00:00.000Z',
    '2100-02-29T00:00:00.000Z',
    '2000-02-29T00:00:00.000Z',
    '2026-00-10T12:00:00.000Z',
    '2026-01-10T24:00:00.000Z',
    '2026-01-10T12:60:00.000Z',
    '2026-01-10T12:00:60.000Z',
    '2026-01-10 12:00:00.000Z',
    '2026-01-1xT12:00:00.000Z',
    '2026-01-10T12:00:00.00xZ',
    'not a date',
  ])('reads %j as Date.parse does, and writes it to CSV as toISOString would', (text) => {
    const ms = Date.parse(text);
    const cell = flatten('ts', text);
    if (Number.isNaN(ms)) {
      expect(cell).toBe(text);
      return;
    }
    expect(cell).toBeInstanceOf(Date);
    expect((cell as Date).getTime()).toBe(ms);
    expect(csvText(cell)).toBe(new Date(ms).toISOString());
  });

  it('reads every canonical timestamp back to its own time and text', () => {
    // Spread over years 1000-9999, and the edges of days, months and leap years.
    const times = Array.from({ length: 2_000 }, (_, i) => Date.UTC(1000 + ((i * 7919) % 9000), 0, 1) + ((i * 104_729_999) % (366 * 86_400_000)));
    times.push(Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2023, 11, 31, 23, 59, 59, 999), Date.UTC(2026, 0, 1));
    for (const time of times) {
      const text = new Date(time).toISOString();
      const cell = flatten('ts', text);
      expect(cell).toBeInstanceOf(Date);
      expect([(cell as Date).getTime(), csvText(cell)]).toEqual([time, text]);
    }
  });

  it('makes the same cells through cellsOf as through flatten', () => {
    const row = { ts: '2026-01-10T12:00:00.000Z', phone: '+358 40 1', url: ' https://a.example/ ', name: '=1', props: { a: 1 }, n: 2, b: true, x: null };
    const columns = Object.keys(row) as (keyof typeof row)[];
    expect(cellsOf(columns)(row)).toEqual(columns.map((c) => flatten(c, row[c])));
  });
});
