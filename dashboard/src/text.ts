import { foldText } from '../../shared/search';
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

/** Case- and accent-insensitive form of a text, for searching: the API's `q` folds the same way. */
export const folded = foldText;

/** A wait as people say it: "30 seconds", "1 minute", "15 minutes" (rounded up). */
export function waitText(seconds: number): string {
  if (seconds < 60) return count(Math.max(1, Math.ceil(seconds)), 'second', 'seconds');
  return count(Math.ceil(seconds / 60), 'minute', 'minutes');
}
