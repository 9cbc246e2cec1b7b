import type { ConversationRow, LeadRow } from '../../shared/schemas/exports';
import { collator, folded } from './text';

type Searchable = Pick<LeadRow, 'firstName' | 'lastName' | 'email' | 'phone' | 'company'>;

/** "Aino Virtanen", or empty. */
export const fullName = (lead: Pick<LeadRow, 'firstName' | 'lastName'>) => [lead.firstName, lead.lastName].filter(Boolean).join(' ');

/**
 * The list's search, the same rule as the API's `q` (so an export holds what
 * the list shows): a case- and accent-insensitive substring of the name,
 * email, phone or company.
 */
export function matchesSearch(lead: Searchable, q: string): boolean {
  const needle = folded(q.trim());
  if (!needle) return true;
  return [fullName(lead), lead.email, lead.phone, lead.company].some((value) => folded(value).includes(needle));
}

export const SORT_KEYS = ['createdAt', 'name', 'email', 'company', 'source'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const isSortKey = (value: string | null): value is SortKey => SORT_KEYS.includes(value as SortKey);

const sortValue: Record<SortKey, (lead: LeadRow) => string> = {
  createdAt: (l) => l.createdAt,
  name: fullName,
  email: (l) => l.email,
  company: (l) => l.company,
  source: (l) => l.utmSource,
};

/** Sorts a copy; text in the owner's locale order, empty values last either way. */
export function sortLeads<T extends LeadRow>(leads: readonly T[], key: SortKey, descending: boolean): T[] {
  const value = sortValue[key];
  const direction = descending ? -1 : 1;
  return [...leads].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (!x || !y) return x === y ? 0 : x ? -1 : 1;
    // ISO timestamps order as plain strings; the collator would read their digits as numbers.
    return (key === 'createdAt' ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(x, y)) * direction;
  });
}

/** Each conversation beside the lead it produced (matched by contact, else by conversation). */
export function withLeads<L extends Pick<LeadRow, 'contactId' | 'conversationId'>>(conversations: readonly ConversationRow[], leads: readonly L[]) {
  const byContact = new Map(leads.map((l) => [l.contactId, l]));
  const byConversation = new Map(leads.filter((l) => l.conversationId).map((l) => [l.conversationId, l]));
  return conversations.map((conversation) => ({
    conversation,
    lead: (conversation.contactId ? byContact.get(conversation.contactId) : undefined) ?? byConversation.get(conversation.conversationId),
  }));
}
