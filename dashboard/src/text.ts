/** Wording and ordering helpers of the dashboard (English UI, the owner's own locale for sorting). */

const pluralRules = new Intl.PluralRules('en');

/** The word that goes with a number: "lead" for 1, "leads" otherwise. */
export function noun(n: number, one: string, other: string): string {
  return pluralRules.select(n) === 'one' ? one : other;
}

/** "1 lead", "2 leads", "1,204 leads". */
export function count(n: number, one: string, other: string): string {
  return `${n.toLocaleString('en')} ${noun(n, one, other)}`;
}

/** Orders names as people expect (Émilie before Zoë, "item 2" before "item 10"), case-insensitively. */
export const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** `parley-leads-2026-11-23.csv`: the owner's own calendar day, so files sort by when they were taken. */
export function datedFilename(base: string, extension: string, now = new Date()): string {
  const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return `${base}-${day}.${extension}`;
}

/** Letters that carry no combining mark to strip, folded by hand (as the API's `q` does). */
const FOLDS: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ð: 'd', ħ: 'h', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ı: 'i' };

/**
 * Case- and accent-insensitive form of a text, for searching ("Zoë" matches
 * "zoe", "Łukasz" matches "lukasz"); the same folding as the API's `q`, so a
 * list and its export hold the same leads.
 */
export function folded(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łøđðħßæœþı]/g, (c) => FOLDS[c] ?? c);
}
