/**
 * Turns an export row into flat cells for CSV and XLSX: nested lists become
 * readable text, and any text a spreadsheet could run as a formula is
 * neutralised (OWASP: leading `=`, `+`, `-`, `@`, tab, CR or LF get a `'`).
 */
export type Cell = string | number | boolean | Date | null;

const FORMULA_START = /^[=+\-@\t\r\n]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Columns whose values are ISO timestamps (date cells in XLSX). */
const DATE_COLUMNS = new Set(['createdAt', 'ts', 'at', 'time', 'firstSeen', 'lastSeen', 'lastMessageAt']);

export function flatten(column: string, value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (DATE_COLUMNS.has(column) && value) {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) return new Date(ms);
    }
    return neutralise(value);
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
