import type { LeadRow } from '../../../shared/schemas/exports';
import { foldText } from '../../../shared/search';

export { foldText };

const SEARCHED = ['firstName', 'lastName', 'email', 'phone', 'company'] as const;

/** Whether a lead holds the folded search text in a searched field. */
export function leadMatches(row: LeadRow, foldedQuery: string): boolean {
  // The full name too, so `aino virtanen` finds Aino Virtanen.
  return SEARCHED.some((field) => foldText(row[field]).includes(foldedQuery)) || foldText(`${row.firstName} ${row.lastName}`).includes(foldedQuery);
}
