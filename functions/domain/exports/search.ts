import type { LeadRow } from '../../../shared/schemas/exports';

/** Letters that carry no combining mark to strip, folded by hand. */
const FOLDS: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ð: 'd', ħ: 'h', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ı: 'i' };

/** Case- and accent-insensitive form of a text: `Łukasz Müller` → `lukasz muller`. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łøđðħßæœþı]/g, (c) => FOLDS[c] ?? c);
}

const SEARCHED = ['firstName', 'lastName', 'email', 'phone', 'company'] as const;

/** Whether a lead holds the folded search text in a searched field. */
export function leadMatches(row: LeadRow, foldedQuery: string): boolean {
  // The full name too, so `aino virtanen` finds Aino Virtanen.
  return SEARCHED.some((field) => foldText(row[field]).includes(foldedQuery)) || foldText(`${row.firstName} ${row.lastName}`).includes(foldedQuery);
}
