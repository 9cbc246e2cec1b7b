import type { ConversationRow, LeadRow } from '../../shared/schemas/exports';

export interface Conversion {
  /** Conversations in which the visitor wrote at least once. */
  engaged: number;
  /** Of those, how many produced a lead. */
  converted: number;
  /** Whole percent, 0 when nobody wrote. */
  percent: number;
}

/**
 * Share of conversations that became leads. A chat the bot opened and no
 * visitor answered is not a conversation the owner could have won, so only
 * conversations with a visitor message count.
 */
export function conversionOf(conversations: readonly ConversationRow[], leads: readonly Pick<LeadRow, 'conversationId'>[]): Conversion {
  const withLead = new Set(leads.map((l) => l.conversationId).filter(Boolean));
  const engaged = conversations.filter((c) => c.messages.some((m) => m.author === 'visitor'));
  const converted = engaged.filter((c) => c.contactId || withLead.has(c.conversationId)).length;
  return { engaged: engaged.length, converted, percent: engaged.length ? Math.round((converted / engaged.length) * 100) : 0 };
}
