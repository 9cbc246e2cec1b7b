import type { ConversationRow, MessageRow } from '../../shared/schemas/exports';
import type { ListedLead, LiveMessage } from './api';

/** A conversation in the inbox, beside the lead it produced (if any). */
export interface InboxRow {
  conversation: ConversationRow;
  lead: ListedLead | undefined;
}

type Authored = Pick<MessageRow, 'author'>;

/**
 * Waiting: the visitor spoke last, so nobody has answered yet. A bot line
 * after it counts as an answer (the flow asked its next question), and so
 * does an agent's reply.
 */
export function isWaiting(messages: readonly Authored[]): boolean {
  return messages.at(-1)?.author === 'visitor';
}

/** When the conversation last moved: its last message, else its start. */
export function lastActivity(conversation: ConversationRow): number {
  const times = [conversation.lastMessageAt, conversation.messages.at(-1)?.ts, conversation.createdAt].map((t) => (t ? Date.parse(t) : Number.NaN));
  return Math.max(0, ...times.filter(Number.isFinite));
}

/** Newest activity first; ties keep the API's order. */
export function byActivity(rows: readonly InboxRow[]): InboxRow[] {
  return [...rows].sort((a, b) => lastActivity(b.conversation) - lastActivity(a.conversation));
}

/** Each conversation beside the lead it produced (matched by contact, else by conversation). */
export function withLeads(conversations: readonly ConversationRow[], leads: readonly ListedLead[]): InboxRow[] {
  const byContact = new Map(leads.map((l) => [l.contactId, l]));
  const byConversation = new Map(leads.filter((l) => l.conversationId).map((l) => [l.conversationId, l]));
  return conversations.map((conversation) => ({
    conversation,
    lead: (conversation.contactId ? byContact.get(conversation.contactId) : undefined) ?? byConversation.get(conversation.conversationId),
  }));
}

/** Ids of the conversations waiting now that were not waiting (or not listed) before. */
export function newlyWaiting(before: ReadonlySet<string>, rows: readonly InboxRow[]): InboxRow[] {
  return rows.filter((r) => isWaiting(r.conversation.messages) && !before.has(r.conversation.conversationId));
}

export const waitingIds = (rows: readonly InboxRow[]) =>
  new Set(rows.filter((r) => isWaiting(r.conversation.messages)).map((r) => r.conversation.conversationId));

const order = (a: LiveMessage, b: LiveMessage) => a.seq - b.seq || (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0);

/** Adds messages to a transcript once each (by id), in sequence order; a later copy of the same id wins. */
export function mergeMessages(current: readonly LiveMessage[], incoming: readonly LiveMessage[]): LiveMessage[] {
  if (incoming.length === 0) return [...current];
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, { ...byId.get(m.id), ...m });
  return [...byId.values()].sort(order);
}

/** The highest sequence number a transcript holds: what to ask for messages after. */
export const lastSeq = (messages: readonly LiveMessage[]) => messages.reduce((max, m) => Math.max(max, m.seq), 0);

/** A transcript's messages in the shape the conversation list holds them. */
export const asRows = (conversationId: string, messages: readonly LiveMessage[]): MessageRow[] =>
  messages.map((m) => ({ messageId: m.id, conversationId, ts: m.ts, author: m.author, text: m.text, seq: m.seq }));

/**
 * A listing replaces the list, except where the open transcript already knows
 * newer messages: a listing that left before a reply was stored must not put
 * the conversation back under Waiting.
 */
export function keepNewer(listed: readonly ConversationRow[], known: ReadonlyMap<string, readonly MessageRow[]>): ConversationRow[] {
  return listed.map((c) => {
    const mine = known.get(c.conversationId);
    const top = (ms: readonly MessageRow[]) => ms.reduce((max, m) => Math.max(max, m.seq), 0);
    if (!mine || top(mine) <= top(c.messages)) return c;
    const last = mine.at(-1);
    return { ...c, messages: [...mine], messageCount: mine.length, lastMessageAt: last && last.ts > c.lastMessageAt ? last.ts : c.lastMessageAt };
  });
}

/** A client-made message id: a retry sends the same id, so the API stores the message once. */
export function newMessageId(): string {
  return `msg_${crypto.randomUUID().replaceAll('-', '')}`;
}

/** A one-line preview of a message, for a list. */
export function preview(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
