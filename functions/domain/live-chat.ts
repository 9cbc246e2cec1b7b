import { notFound } from '../lib/errors';
import type { AddedMessage, ConversationRecord } from './conversations';
import { getConversation } from './conversations';
import { type InboxState, markSeen, rememberReplyAddress } from './inbox';
import { type LiveMessage, type SocketOwner, agentsOnline, pushToTeam, pushToVisitor, setPresence } from './live';
import { markDelivered, replyAddress, scheduleReplyMail } from './offline-reply';
import type { Tenant } from './tenants';

/**
 * What each side of a live conversation hears, and when. Everything here
 * runs after the change is stored, so a push that fails loses nothing: the
 * reader's resync (`?after=SEQ`, the inbox listing) catches up.
 */

/** One side of the conversation: the visitor, or a person of the team (with the socket to leave out of echoes). */
export type Side = { side: 'visitor'; visitorId: string } | { side: 'team'; actor: string; name: string; connectionId?: string };

/** The conversation if this side may see it: the visitor only their own; 404 otherwise. */
async function visibleTo(tenant: Tenant, conversationId: string, who: Side): Promise<ConversationRecord & InboxState> {
  const conversation = await getConversation(tenant, conversationId);
  if (!conversation || (who.side === 'visitor' && conversation.visitorId !== who.visitorId)) throw notFound('Conversation');
  return conversation;
}

/** A conversation's place in the inbox, as the team's sockets hear of it. */
export const conversationFrame = (conversationId: string, change: { status: string; assignee?: { id: string; name: string } | null; unread?: number }) => ({
  type: 'conversation',
  conversationId,
  ...change,
});

/**
 * After a message is stored: the team's inboxes hear of it (and of the
 * conversation's new state); a person's reply goes to the visitor's sockets,
 * and when none is open, to the visitor's email.
 */
export async function afterMessage(tenant: Tenant, conversation: ConversationRecord & InboxState, added: AddedMessage, message: LiveMessage): Promise<void> {
  if (!added.stored) return;
  const { conversationId } = conversation;
  const pushes: Promise<unknown>[] = [pushToTeam(tenant, { type: 'message', conversationId, message })];
  // The line itself (preview, unread) travels in the message frame; a conversation frame only when the state or assignee moved.
  if (added.after !== added.before || added.assignee?.id !== conversation.assigneeId)
    pushes.push(pushToTeam(tenant, conversationFrame(conversationId, { status: added.after, assignee: added.assignee ?? null })));
  if (message.author === 'visitor' && added.after === 'waiting') pushes.push(tellVisitorWhoIsThere(tenant, conversation, message.text));
  if (message.author === 'agent') {
    pushes.push(
      pushToVisitor(tenant, conversation, { type: 'message', conversationId, message }).then(async (reached) => {
        if (reached === 0) await scheduleReplyMail(tenant, conversationId);
        else await markDelivered(tenant, conversationId, message.seq);
      }),
    );
  }
  await Promise.all(pushes);
}

/** A visitor's whole line that is an email address, when they have left none: where a reply goes while they are away. */
const EMAIL_LINE = /^[^\s@,;<>"()]{1,64}@[^\s@,;<>"()]{1,253}\.[^\s@,;<>"()]{2,}$/;

/**
 * A visitor waiting for a person hears honestly whether anyone is online,
 * and whether a reply can reach them by mail (`emailOnFile`); a line that is
 * just an email address, while none is on file, becomes that address.
 */
export async function tellVisitorWhoIsThere(tenant: Tenant, conversation: ConversationRecord & InboxState, text: string): Promise<void> {
  let address = await replyAddress(tenant, conversation);
  if (!address && EMAIL_LINE.test(text.trim())) {
    address = text.trim();
    await rememberReplyAddress(tenant, conversation.conversationId, address);
  }
  const online = await agentsOnline(tenant);
  await pushToVisitor(tenant, conversation, {
    type: 'status',
    conversationId: conversation.conversationId,
    agentsOnline: online,
    emailOnFile: Boolean(address),
  });
}

/** "Typing…": from the visitor to the team, or from a person to the visitor and the rest of the team. Nothing is stored. */
export async function typing(tenant: Tenant, conversationId: string, who: Side): Promise<void> {
  const conversation = await visibleTo(tenant, conversationId, who);
  if (who.side === 'visitor') {
    await pushToTeam(tenant, { type: 'typing', conversationId, author: 'visitor' });
    return;
  }
  const frame = { type: 'typing', conversationId, author: 'agent', name: who.name };
  await Promise.all([pushToVisitor(tenant, conversation, frame), pushToTeam(tenant, frame, who.connectionId)]);
}

/** "Seen": one side has read up to `seq`; the other side hears it, and the team's unread count clears. */
export async function seen(tenant: Tenant, conversationId: string, seq: number, who: Side): Promise<void> {
  const conversation = await visibleTo(tenant, conversationId, who);
  await markSeen(tenant, conversationId, who.side, seq);
  if (who.side === 'visitor') {
    await pushToTeam(tenant, { type: 'seen', conversationId, seq, by: 'visitor' });
    return;
  }
  await Promise.all([
    pushToVisitor(tenant, conversation, { type: 'seen', conversationId, seq, by: 'team' }),
    pushToTeam(tenant, { type: 'seen', conversationId, seq, by: 'team' }, who.connectionId),
  ]);
}

/** A person goes online or away; the team hears how many are online now. */
export async function presence(tenant: Tenant, owner: Extract<SocketOwner, { side: 'team' }>, status: 'online' | 'away'): Promise<void> {
  await setPresence(owner, status);
  await pushToTeam(tenant, { type: 'presence', agentsOnline: await agentsOnline(tenant) });
}

/** Tells the team's inboxes where a conversation stands now, and answers the same. */
export async function announceState(tenant: Tenant, conversationId: string, record: InboxState) {
  const now = { status: record.status ?? 'bot', assignee: record.assigneeId ? { id: record.assigneeId, name: record.assigneeName ?? '' } : null };
  await pushToTeam(tenant, conversationFrame(conversationId, now));
  return { conversationId, ...now };
}
