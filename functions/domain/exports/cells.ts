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
  // Most cells start with a letter or digit and hold one line: nothing to look for.
  const first = text.charCodeAt(0);
  const plainStart = (first >= 48 && first <= 57) || (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
  const start = plainStart || !FORMULA_START.test(text) ? text : `'${text}`;
  return start.includes('\n') || start.includes('\r') ? start.replace(LINE_FORMULA_START, (_, lineBreak: string) => `${lineBreak}'`) : start;
}

/** Drops leading and trailing whitespace and invisible characters. */
export const trimInvisible = (text: string) => text.replace(EDGE_INVISIBLES, '');

/** Columns whose values are ISO timestamps (date cells in XLSX). */
const DATE_COLUMNS = new Set(['createdAt', 'ts', 'at', 'time', 'firstSeen', 'lastSeen', 'lastMessageAt']);
/** Columns holding addresses and campaign tags, where edge whitespace is never meant. */
const TRIMMED_COLUMNS = new Set(['pageUrl', 'referrer', 'url', 'href', 'landingUrl', 'utmSource', 'utmMedium', 'utmCampaign', 'domain']);
/** What ingest accepts as a phone number (shared/schemas/lead-fields.ts). */
const PHONE = /^\+?[0-9 ().-]{5,32}$/;

export function flatten(column: string, value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (DATE_COLUMNS.has(column) && value) {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) return new Date(ms);
    }
    if (column === 'phone' && PHONE.test(value)) return { typed: value };
    return neutralise(TRIMMED_COLUMNS.has(column) ? trimInvisible(value) : value);
  }
  if (Array.isArray(value)) {
    const lines = value.map((entry: Record<string, unknown>) =>
      'question' in entry ? `${String(entry.question)}: ${String(entry.answer)}` : `[${String(entry.ts)}] ${String(entry.author)}: ${String(entry.text)}`,
    );
    return neutralise(lines.join('\n'));
  }
  return neutralise(JSON.stringify(value));
}

export function toCells<Row extends object>(columns: readonly (keyof Row & string)[], row: Row): Cell[] {
  return columns.map((c) => flatten(c, row[c]));
}

/** A cell as CSV text: typed text is neutralised like any other text there. */
export function csvText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'object') return neutralise(cell.typed);
  return String(cell);
}
