import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InboxConversation, InboxView } from '../../shared/schemas/live';
import { db, tableName } from '../lib/dynamo';
import { notFound } from '../lib/errors';
import { derivedId } from '../lib/ids';
import { ConditionFailed, conditionally, isTransactionConditionFailure } from '../lib/store';
import { TABLE_INDEXES, TenantKeys } from '../lib/table-keys';
import type { ConversationRecord } from './conversations';
import { outboxPut } from './outbox';
import type { Tenant } from './tenants';

/**
 * Where a conversation stands for the team:
 * `bot` the flow is talking (or the visitor left mid-flow),
 * `waiting` the visitor wrote to a person and nobody has taken it,
 * `open` a person took it (replied or was assigned),
 * `closed` done, until the visitor writes again.
 */
export type InboxStatus = 'bot' | 'waiting' | 'open' | 'closed';

/** What the inbox keeps on the conversation item. */
export interface InboxState {
  status?: InboxStatus;
  assigneeId?: string;
  assigneeName?: string;
  /** The last line was one of the flow's questions: the visitor's next line answers the bot. */
  botAsked?: boolean;
  unread?: number;
  teamSeenSeq?: number;
  visitorSeenSeq?: number;
  lastAuthor?: string;
  preview?: string;
  lastMessageAt?: string;
  closedAt?: string;
  /** Where a reply goes while the visitor is away (left at handover). */
  visitorEmail?: string;
}

/** Longest list line kept with the conversation (the transcript has the whole text). */
const PREVIEW_CHARS = 140;
/** Conversations read per state for the open views; closed ones page. */
const OPEN_LIMIT = 200;

export const previewOf = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS - 1)}…` : line;
};

export type Author = { author: 'visitor' } | { author: 'bot'; question: boolean } | { author: 'agent'; agentId: string; agentName: string };

/**
 * The conversation's attributes after one more message: the visitor
 * answering the flow's question keeps it with the bot; any other line of the
 * visitor waits for a person (or goes to the person who has it, reopening a
 * closed one); a person's reply takes an unassigned conversation.
 */
export function stateAfter(
  current: InboxState,
  by: Author,
  text: string,
  seq: number,
  now: string,
): { set: Record<string, unknown>; add: Record<string, number> } {
  const status = current.status ?? 'bot';
  const set: Record<string, unknown> = { lastAuthor: by.author, preview: previewOf(text), botAsked: by.author === 'bot' && by.question };
  const add: Record<string, number> = {};
  let next: InboxStatus = status;
  if (by.author === 'visitor') {
    add.unread = 1;
    if (status === 'closed') next = current.assigneeId ? 'open' : 'waiting';
    else if (status === 'bot' && !current.botAsked) next = 'waiting';
  } else if (by.author === 'agent') {
    next = 'open';
    set.unread = 0;
    set.teamSeenSeq = Math.max(seq, current.teamSeenSeq ?? 0);
    if (!current.assigneeId) Object.assign(set, { assigneeId: by.agentId, assigneeName: by.agentName });
  }
  if (next === 'waiting' && status !== 'waiting') set.waitingSince = now;
  set.status = next;
  return { set, add };
}

/** The GSI3 attributes that list a conversation under its state, by its latest activity. */
export const inboxKeys = (tenant: Tenant, conversationId: string, status: InboxStatus, at: string) =>
  TenantKeys.inbox(tenant.tenantId, status, at, conversationId);

async function queryState(tenant: Tenant, status: InboxStatus, limit: number) {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: TABLE_INDEXES.byInbox,
      KeyConditionExpression: 'GSI3PK = :pk',
      ExpressionAttributeValues: { ':pk': TenantKeys.inboxPartition(tenant.tenantId, status) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []) as (ConversationRecord & InboxState & { GSI3SK: string })[];
}

/** The lead of each conversation (name and email), skipping restricted contacts. */
async function leadsOf(tenant: Tenant, conversations: readonly ConversationRecord[]) {
  const keys = conversations.map((c) => TenantKeys.contact(tenant.tenantId, derivedId('k', tenant.tenantId, c.visitorId, c.conversationId)));
  const found = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [tableName()]: { Keys: keys.slice(i, i + 100).map((k) => ({ ...k })) } };
    while (request && Object.keys(request).length) {
      const out = await db().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of out.Responses?.[tableName()] ?? []) if (item.restricted !== true) found.set(String(item.conversationId), item);
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

export interface InboxPage {
  data: InboxConversation[];
  counts: { waiting: number; mine: number; all: number };
}

/**
 * One view of the inbox for a person (`me`: their actor id): `waiting`
 * (nobody has it), `mine`, `all` (every conversation not closed), `closed`.
 * Counts are of the open views, for the tabs and the nav badge.
 */
export async function listInbox(tenant: Tenant, view: InboxView, me: string): Promise<InboxPage> {
  const [bot, waiting, open] = await Promise.all((['bot', 'waiting', 'open'] as const).map((s) => queryState(tenant, s, OPEN_LIMIT)));
  const mine = (open ?? []).filter((c) => c.assigneeId === me);
  const all = [...(waiting ?? []), ...(open ?? []), ...(bot ?? [])].sort((a, b) => (a.GSI3SK < b.GSI3SK ? 1 : -1));
  const shown = view === 'waiting' ? (waiting ?? []) : view === 'mine' ? mine : view === 'all' ? all : await queryState(tenant, 'closed', OPEN_LIMIT);
  const leads = await leadsOf(tenant, shown);
  return {
    data: shown.map((c) => summary(c, leads.get(c.conversationId))),
    counts: { waiting: waiting?.length ?? 0, mine: mine.length, all: all.length },
  };
}

function summary(c: ConversationRecord & InboxState, lead: Record<string, unknown> | undefined): InboxConversation {
  const name = lead ? [lead.firstName, lead.lastName].filter(Boolean).join(' ') : '';
  return {
    conversationId: c.conversationId,
    status: c.status ?? 'bot',
    assignee: c.assigneeId ? { id: c.assigneeId, name: c.assigneeName ?? '' } : null,
    unread: c.unread ?? 0,
    lastAuthor: (c.lastAuthor as InboxConversation['lastAuthor']) ?? null,
    preview: c.preview ?? '',
    lastMessageAt: c.lastMessageAt ?? c.createdAt,
    createdAt: c.createdAt,
    pageUrl: c.pageUrl,
    visitorId: c.visitorId,
    teamSeenSeq: c.teamSeenSeq ?? 0,
    visitorSeenSeq: c.visitorSeenSeq ?? 0,
    lead: lead ? { contactId: String(lead.contactId), name, email: String(lead.email ?? ''), company: String(lead.company ?? '') } : null,
  };
}

/** Reads the inbox attributes of one conversation, or 404. */
export async function inboxEntry(tenant: Tenant, conversationId: string): Promise<ConversationRecord & InboxState> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: TenantKeys.conversation(tenant.tenantId, conversationId), ConsistentRead: true }),
  );
  if (!Item) throw notFound('Conversation');
  return Item as ConversationRecord & InboxState;
}

/**
 * Moves a conversation to another state (and assignee), conditional on the
 * state it was read in, so two people acting at once cannot both win.
 */
async function move(
  tenant: Tenant,
  current: ConversationRecord & InboxState,
  status: InboxStatus,
  assignee: { id: string; name: string } | null | undefined,
): Promise<ConversationRecord & InboxState> {
  const now = new Date().toISOString();
  const at = status === 'closed' ? now : (current.lastMessageAt ?? current.createdAt);
  const sets = ['#status = :status', 'GSI3PK = :pk', 'GSI3SK = :sk'];
  const removes: string[] = [];
  const values: Record<string, unknown> = {
    ':status': status,
    ':was': current.status ?? 'bot',
    ...prefixed(inboxKeys(tenant, current.conversationId, status, at)),
  };
  if (status === 'closed') sets.push('closedAt = :now');
  else removes.push('closedAt');
  if (status === 'waiting' && current.status !== 'waiting') sets.push('waitingSince = :now');
  if (sets.some((s) => s.endsWith(':now'))) values[':now'] = now;
  if (assignee) {
    sets.push('assigneeId = :aid', 'assigneeName = :aname');
    Object.assign(values, { ':aid': assignee.id, ':aname': assignee.name });
  } else if (assignee === null) removes.push('assigneeId', 'assigneeName');
  const was = current.status ?? 'bot';
  // Waiting and closed are news for webhooks: the event is written with the change, or neither is.
  const event =
    status !== was && (status === 'waiting' || status === 'closed')
      ? outboxPut(tenant.tenantId, status === 'waiting' ? 'conversation.waiting' : 'conversation.closed', {
          conversationId: current.conversationId,
          visitorId: current.visitorId,
          at: now,
        })
      : undefined;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: TenantKeys.conversation(tenant.tenantId, current.conversationId),
              UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
              ConditionExpression: 'attribute_exists(PK) AND (#status = :was OR (attribute_not_exists(#status) AND :was = :bot))',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ...values, ':bot': 'bot' },
            },
          },
          ...(event ? [event] : []),
        ],
      }),
    );
  } catch (error) {
    if (!isTransactionConditionFailure(error)) throw error;
    // Someone else moved it first (or it is gone): act on what it is now.
    return move(tenant, await inboxEntry(tenant, current.conversationId), status, assignee);
  }
  return inboxEntry(tenant, current.conversationId);
}

const prefixed = (keys: { GSI3PK: string; GSI3SK: string }) => ({ ':pk': keys.GSI3PK, ':sk': keys.GSI3SK });

/** Gives a conversation to a person (or to nobody: back to waiting if it was open). */
export async function assignConversation(tenant: Tenant, conversationId: string, assignee: { id: string; name: string } | null) {
  const current = await inboxEntry(tenant, conversationId);
  const status: InboxStatus = current.status === 'closed' ? 'closed' : assignee ? 'open' : current.status === 'open' ? 'waiting' : (current.status ?? 'bot');
  return move(tenant, current, status, assignee);
}

export async function closeConversation(tenant: Tenant, conversationId: string) {
  return move(tenant, await inboxEntry(tenant, conversationId), 'closed', undefined);
}

export async function reopenConversation(tenant: Tenant, conversationId: string) {
  const current = await inboxEntry(tenant, conversationId);
  if (current.status !== 'closed') return current;
  return move(tenant, current, current.assigneeId ? 'open' : 'waiting', undefined);
}

/**
 * Marks what one side has read, up to `seq` (never backwards): the team's
 * read clears the unread count, the visitor's shows as "Seen" in the inbox.
 */
export async function markSeen(tenant: Tenant, conversationId: string, side: 'team' | 'visitor', seq: number): Promise<void> {
  const attribute = side === 'team' ? 'teamSeenSeq' : 'visitorSeenSeq';
  try {
    await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: TenantKeys.conversation(tenant.tenantId, conversationId),
          UpdateExpression: side === 'team' ? `SET #seen = :seq, unread = :zero` : 'SET #seen = :seq',
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(#seen) OR #seen < :seq) AND (attribute_not_exists(lastSeq) OR lastSeq >= :seq)',
          ExpressionAttributeNames: { '#seen': attribute },
          ExpressionAttributeValues: { ':seq': seq, ...(side === 'team' ? { ':zero': 0 } : {}) },
        }),
      ),
    );
  } catch (error) {
    // Already seen this far (or a sequence the conversation does not have yet): nothing to change.
    if (!(error instanceof ConditionFailed)) throw error;
  }
}

/**
 * The visitor asks for a person (the flow's handover step, or writing after
 * the flow ended): a conversation with the bot starts waiting, a closed one
 * opens again. An email left here is where a reply goes while the visitor
 * is away.
 */
export async function requestPerson(tenant: Tenant, conversationId: string, email: string | undefined) {
  const current = await inboxEntry(tenant, conversationId);
  const status: InboxStatus = current.status === 'open' ? 'open' : current.status === 'closed' && current.assigneeId ? 'open' : 'waiting';
  const moved = current.status === status ? current : await move(tenant, current, status, undefined);
  if (email) await rememberReplyAddress(tenant, conversationId, email);
  return { ...moved, ...(email ? { visitorEmail: email } : {}) };
}

/** Keeps the address a visitor left for a reply by mail (erased with the conversation). */
export async function rememberReplyAddress(tenant: Tenant, conversationId: string, email: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: TenantKeys.conversation(tenant.tenantId, conversationId),
      UpdateExpression: 'SET visitorEmail = :email, botAsked = :no',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':email': email, ':no': false },
    }),
  );
}
