import type { InboxConversation, InboxView, LiveMessage } from './api';
import type { ServerFrame } from './live-socket';

/** The inbox's tabs, in order. */
export const VIEWS: readonly (readonly [InboxView, string])[] = [
  ['waiting', 'Waiting'],
  ['mine', 'Mine'],
  ['all', 'All'],
  ['closed', 'Closed'],
];

export const asView = (value: string | null): InboxView => VIEWS.find(([v]) => v === value)?.[0] ?? 'waiting';

/** Conversations by id, as last listed or heard of. */
export type Known = ReadonlyMap<string, InboxConversation>;

/**
 * Whether a conversation belongs under a tab for the person `me`
 * (`user:<id>`): the API's rule, so a change heard on the socket moves the
 * row at once, before the next listing says the same.
 */
export function inView(c: InboxConversation, view: InboxView, me: string): boolean {
  if (view === 'waiting') return c.status === 'waiting';
  if (view === 'mine') return c.status === 'open' && c.assignee?.id === me;
  if (view === 'all') return c.status !== 'closed';
  return c.status === 'closed';
}

/** The rows of a tab, newest activity first. */
export function rowsOf(known: Known, view: InboxView, me: string): InboxConversation[] {
  return [...known.values()]
    .filter((c) => inView(c, view, me))
    .sort((a, b) => (a.lastMessageAt < b.lastMessageAt ? 1 : a.lastMessageAt > b.lastMessageAt ? -1 : 0));
}

/**
 * A listing of one tab merged into what is known. A row the socket changed
 * after the listing left (`touched` later than `startedAt`) keeps what the
 * socket said; a known row of this tab that the listing no longer holds has
 * moved elsewhere while unheard, and is dropped until a listing finds it.
 */
export function mergeListing(
  known: Known,
  listed: readonly InboxConversation[],
  view: InboxView,
  me: string,
  startedAt: number,
  touched: ReadonlyMap<string, number>,
  reading?: string,
): Map<string, InboxConversation> {
  const next = new Map(known);
  const fresh = (id: string) => (touched.get(id) ?? -1) > startedAt;
  const ids = new Set(listed.map((c) => c.conversationId));
  // The conversation open on screen stays known (a listing may miss it while it moves, e.g. mid-close); frames and answers keep it current.
  for (const [id, c] of known) if (inView(c, view, me) && !ids.has(id) && !fresh(id) && id !== reading) next.delete(id);
  for (const c of listed) {
    const mine = known.get(c.conversationId);
    next.set(c.conversationId, mine && fresh(c.conversationId) ? { ...c, ...pick(mine) } : c);
  }
  return next;
}

/** What the socket may have said more recently than a listing. */
const pick = (c: InboxConversation) => ({
  status: c.status,
  assignee: c.assignee,
  unread: c.unread,
  lastAuthor: c.lastAuthor,
  preview: c.preview,
  lastMessageAt: c.lastMessageAt,
  teamSeenSeq: c.teamSeenSeq,
  visitorSeenSeq: c.visitorSeenSeq,
});

/**
 * A frame applied to the known rows; undefined when it changes none (a
 * conversation not known yet waits for the listing it prompts). `reading`
 * is the conversation open on screen: its new lines are read at once.
 */
export function applyFrame(known: Known, frame: ServerFrame, reading?: string): Map<string, InboxConversation> | undefined {
  if (frame.type === 'presence' || frame.type === 'typing') return undefined;
  const c = known.get(frame.conversationId);
  if (!c) return undefined;
  let next: InboxConversation;
  if (frame.type === 'conversation') next = { ...c, status: frame.status, assignee: frame.assignee ?? null };
  else if (frame.type === 'seen')
    next =
      frame.by === 'visitor'
        ? { ...c, visitorSeenSeq: Math.max(c.visitorSeenSeq, frame.seq) }
        : { ...c, teamSeenSeq: Math.max(c.teamSeenSeq, frame.seq), unread: frame.seq >= c.teamSeenSeq ? 0 : c.unread };
  else {
    const m = frame.message;
    if (m.seq <= c.teamSeenSeq && m.author === 'visitor') return undefined;
    const read = m.author === 'agent' || frame.conversationId === reading;
    next = {
      ...c,
      lastAuthor: m.author,
      preview: preview(m.text, 140),
      // ISO times: the later sorts last.
      lastMessageAt: [c.lastMessageAt, m.ts].sort().at(-1) ?? m.ts,
      unread: read ? 0 : c.unread + (m.author === 'visitor' ? 1 : 0),
      teamSeenSeq: m.author === 'agent' ? Math.max(c.teamSeenSeq, m.seq) : c.teamSeenSeq,
    };
  }
  return new Map(known).set(c.conversationId, next);
}

/** Conversations waiting now that were not waiting before (a first look announces none: `before` undefined). */
export function newlyWaiting(before: ReadonlySet<string> | undefined, known: Known): InboxConversation[] {
  if (!before) return [];
  return [...known.values()].filter((c) => c.status === 'waiting' && !before.has(c.conversationId));
}

export const waitingIds = (known: Known) => new Set([...known.values()].filter((c) => c.status === 'waiting').map((c) => c.conversationId));

/** How a row names the visitor: their lead's name or email, else "Visitor". */
export const visitorName = (c: Pick<InboxConversation, 'lead'>) => c.lead?.name || c.lead?.email || 'Visitor';

const order = (a: LiveMessage, b: LiveMessage) => a.seq - b.seq || (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0);

/** Adds messages to a transcript once each (by id), in sequence order; a later copy of the same id wins. */
export function mergeMessages(current: readonly LiveMessage[], incoming: readonly LiveMessage[]): LiveMessage[] {
  if (incoming.length === 0) return [...current];
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, { ...byId.get(m.id), ...m });
  return [...byId.values()].sort(order);
}

/** The highest sequence number a transcript holds. */
export const lastSeq = (messages: readonly LiveMessage[]) => messages.reduce((max, m) => Math.max(max, m.seq), 0);

/**
 * The highest sequence number up to which a transcript has every line
 * (sequence numbers count 1, 2, 3… per conversation): where a resync
 * starts, so a line whose frame was lost is read again.
 */
export function unbrokenSeq(messages: readonly LiveMessage[], from = 0): number {
  const seqs = new Set(messages.map((m) => m.seq));
  let n = from;
  while (seqs.has(n + 1)) n++;
  return n;
}

/** The last agent line, when the visitor has read it ("Seen"). */
export function seenReply(messages: readonly LiveMessage[], visitorSeenSeq: number): LiveMessage | undefined {
  const last = messages.findLast((m) => m.author === 'agent');
  return last && visitorSeenSeq >= last.seq ? last : undefined;
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
