/**
 * Turns an export row into flat cells for CSV and XLSX: nested lists become
 * readable text, and any text a spreadsheet could run as a formula is
 * neutralised (OWASP: a leading `'` before `=`, `+`, `-`, `@`, tab, CR or LF).
 */
export type Cell = string | number | boolean | Date | null | TypedText;

/**
 * Text that must reach the spreadsheet exactly as typed where the format
 * allows it: XLSX writes it as a text cell (which never runs as a formula),
 * CSV, whose cells a spreadsheet re-interprets, still neutralises it.
 */
export interface TypedText {
  typed: string;
}

/** Whitespace and invisible characters a spreadsheet may skip before a formula. */
const INVISIBLE = String.raw`\p{White_Space}\p{Default_Ignorable_Code_Point}`;
// ASCII, full-width (＝＋－＠), small-form (﹦﹢﹣﹫) and the minus sign.
const FORMULA_SIGN = String.raw`=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u2212`;
const FORMULA_START = new RegExp(String.raw`^(?:[\t\r\n]|[${INVISIBLE}]*[${FORMULA_SIGN}])`, 'u');
// The same after a line break inside the text, so no physical line of a CSV starts a formula either.
const LINE_FORMULA_START = new RegExp(String.raw`(\r\n|\r|\n)(?=\t|(?:(?![\r\n])[${INVISIBLE}])*[${FORMULA_SIGN}])`, 'gu');
const EDGE_INVISIBLES = new RegExp(String.raw`^[${INVISIBLE}]+|[${INVISIBLE}]+$`, 'gu');

/**
 * Prefixes `'` when a spreadsheet could read the text as a formula: at the
 * start, and at the start of every line within it.
 */
export function neutralise(text: string): string {
  // Most cells are empty, or start with a letter or digit and hold one line: nothing to look for.
  if (text === '') return text;
  const first = text.charCodeAt(0);
  const plainStart = (first >= 48 && first <= 57) || (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
  const start = plainStart || !FORMULA_START.test(text) ? text : `'${text}`;
  return start.includes('\n') || start.includes('\r') ? start.replace(LINE_FORMULA_START, (_, lineBreak: string) => `${lineBreak}'`) : start;
}

/** Printable ASCII other than space: never whitespace or invisible. */
const visibleAscii = (code: number) => code > 32 && code < 127;

/** Whether a text starts and ends with printable ASCII (so with no whitespace or invisible character at its edges). */
export const plainEdges = (text: string) => visibleAscii(text.charCodeAt(0)) && visibleAscii(text.charCodeAt(text.length - 1));

/** Drops leading and trailing whitespace and invisible characters. */
export function trimInvisible(text: string): string {
  // Most addresses start and end with a printable ASCII character: nothing to trim, no regex to run.
  if (text === '' || plainEdges(text)) return text;
  return text.replace(EDGE_INVISIBLES, '');
}

/** Columns whose values are ISO timestamps (date cells in XLSX). */
const DATE_COLUMNS = new Set(['createdAt', 'ts', 'at', 'time', 'firstSeen', 'lastSeen', 'lastMessageAt']);
/** Columns holding addresses and campaign tags, where edge whitespace is never meant. */
const TRIMMED_COLUMNS = new Set(['pageUrl', 'referrer', 'url', 'href', 'landingUrl', 'utmSource', 'utmMedium', 'utmCampaign', 'domain']);
/** What ingest accepts as a phone number (shared/schemas/lead-fields.ts). */
const PHONE = /^\+?[0-9 ().-]{5,32}$/;

/**
 * A date cell read from a canonical ISO timestamp (`2026-01-10T12:00:00.000Z`),
 * keeping that text: it is what `toISOString` would write, so CSV writes it
 * without formatting the date again.
 */
class StoredDate extends Date {
  constructor(
    ms: number,
    readonly text: string,
  ) {
    super(ms);
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The digit at `at`, or NaN. */
function digit(text: string, at: number): number {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
}
const twoDigits = (text: string, at: number) => digit(text, at) * 10 + digit(text, at + 1);

/**
 * The time of a canonical ISO timestamp (`2026-01-10T12:00:00.000Z`) on a
 * real calendar day, or NaN. Read by character codes: this runs for every
 * date cell of an export, and a regular expression's groups cost more than
 * twice as much.
 */
function canonicalTime(text: string): number {
  if (
    text.length !== 24 ||
    text[4] !== '-' ||
    text[7] !== '-' ||
    text[10] !== 'T' ||
    text[13] !== ':' ||
    text[16] !== ':' ||
    text[19] !== '.' ||
    text[23] !== 'Z'
  )
    return Number.NaN;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  const ms = twoDigits(text, 20) * 10 + digit(text, 22);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  // Only a real calendar day reads back as the same text (Date.parse rolls 02-30 over to March); NaN fails every test.
  const valid =
    year >= 1000 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    ms >= 0;
  return valid ? Date.UTC(year, month - 1, day, hour, minute, second, ms) : Number.NaN;
}

/** A date cell for an ISO timestamp, or null when it is not one. */
function dateCell(text: string): Date | null {
  const time = canonicalTime(text);
  if (!Number.isNaN(time)) return new StoredDate(time, text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** The cell of a value that is not a string (the same in every column). */
function otherCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  if (Array.isArray(value)) {
    const lines = value.map((entry: Record<string, unknown>) =>
      'question' in entry ? `${String(entry.question)}: ${String(entry.answer)}` : `[${String(entry.ts)}] ${String(entry.author)}: ${String(entry.text)}`,
    );
    return neutralise(lines.join('\n'));
  }
  return neutralise(JSON.stringify(value));
}

type TextCell = (text: string) => Cell;
const plainText: TextCell = (text) => neutralise(text);
const trimmedText: TextCell = (text) => neutralise(trimInvisible(text));
const phoneText: TextCell = (text) => (PHONE.test(text) ? { typed: text } : neutralise(text));
const dateText: TextCell = (text) => (text && dateCell(text)) || neutralise(text);

/** How a column's text becomes a cell, decided once per column rather than for every cell. */
const textCellOf = (column: string): TextCell =>
  DATE_COLUMNS.has(column) ? dateText : column === 'phone' ? phoneText : TRIMMED_COLUMNS.has(column) ? trimmedText : plainText;

export function flatten(column: string, value: unknown): Cell {
  return typeof value === 'string' ? textCellOf(column)(value) : otherCell(value);
}

/** A function turning rows into cells for these columns (the per-column choices made once). */
export function cellsOf<Row extends object>(columns: readonly (keyof Row & string)[]): (row: Row) => Cell[] {
  const text = columns.map(textCellOf);
  return (row) => {
    const cells = new Array<Cell>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const value = row[columns[i]!];
      cells[i] = typeof value === 'string' ? text[i]!(value) : otherCell(value);
    }
    return cells;
  };
}

export function toCells<Row extends object>(columns: readonly (keyof Row & string)[], row: Row): Cell[] {
  return cellsOf(columns)(row);
}

/** A cell as CSV text: typed text is neutralised like any other text there. */
export function csvText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof StoredDate) return cell.text;
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'object') return neutralise(cell.typed);
  return String(cell);
}
