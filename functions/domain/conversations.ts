import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageBody, StartConversationBody } from '../../shared/schemas/ingest';
import { db, tableName } from '../lib/dynamo';
import { isTransactionConditionFailure, queryAll, updateExpression } from '../lib/store';
import { notFound } from '../lib/errors';
import { derivedId } from '../lib/ids';
import { TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
import { type ClientInfo, expiryFor, utmFromUrl } from './captured';
import { type Author, type InboxState, type InboxStatus, inboxKeys, stateAfter } from './inbox';
import type { LiveMessage } from './live';
import { outboxPut } from './outbox';
import type { Tenant } from './tenants';

export interface ConversationRecord {
  conversationId: string;
  visitorId: string;
  sessionId: string;
  pageUrl: string;
  referrer?: string;
  createdAt: string;
  contactId?: string;
  /** The bot and published version the conversation ran. */
  botId?: string;
  botVersion?: number;
  /** The A/B variant of the bot the visitor was shown. */
  variant?: string;
}

/**
 * Starts the conversation of a visitor's session. The id derives from the
 * visitor and session, so a retried request resumes the same conversation.
 */
export async function startConversation(
  tenant: Tenant,
  body: StartConversationBody,
  client: ClientInfo,
  dayVisitorId: string,
): Promise<{ conversationId: string; created: boolean }> {
  const conversationId = derivedId('c', tenant.tenantId, body.visitorId, body.sessionId);
  const now = new Date().toISOString();
  let created = true;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...TenantKeys.conversation(tenant.tenantId, conversationId),
                ...TenantKeys.conversationStream(tenant.tenantId, now, conversationId),
                ...TenantKeys.byVisitor(tenant.tenantId, body.visitorId, 'CONV', conversationId),
                entity: 'conversation',
                conversationId,
                visitorId: body.visitorId,
                sessionId: body.sessionId,
                pageUrl: body.pageUrl,
                referrer: body.referrer ?? '',
                ...(body.bot ? { botId: body.bot.id, botVersion: body.bot.version } : {}),
                ...(body.variant ? { variant: body.variant } : {}),
                ...utmFromUrl(body.pageUrl),
                ...client,
                createdAt: now,
                messageCount: 0,
                status: 'bot',
                ...inboxKeys(tenant, conversationId, 'bot', now),
                [TTL_ATTRIBUTE]: expiryFor(tenant, now),
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          // In the same transaction: a resumed conversation reports nothing.
          outboxPut(tenant.tenantId, 'conversation.started', { conversationId, visitorId: body.visitorId, pageUrl: body.pageUrl, at: now }),
        ],
      }),
    );
  } catch (error) {
    if (!isTransactionConditionFailure(error)) throw error;
    created = false;
  }
  await linkDayVisitor(tenant, body.visitorId, dayVisitorId, now);
  return { conversationId, created };
}

/**
 * Links the cookieless id of the day to the visitor's own id, so the events
 * sent before the chat opened belong to the same journey.
 */
async function linkDayVisitor(tenant: Tenant, visitorId: string, dayVisitorId: string, now: string): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...TenantKeys.visitorLink(tenant.tenantId, visitorId, dayVisitorId),
        entity: 'visitorLink',
        visitorId,
        dayVisitorId,
        linkedAt: now,
        [TTL_ATTRIBUTE]: expiryFor(tenant, now),
      },
    }),
  );
}

export async function getConversation(tenant: Tenant, conversationId: string): Promise<(ConversationRecord & InboxState) | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.conversation(tenant.tenantId, conversationId) }));
  return Item as (ConversationRecord & InboxState) | undefined;
}

/** A conversation of this visitor, or 404 (another visitor's looks the same as none). */
export async function conversationOfVisitor(tenant: Tenant, conversationId: string, visitorId: string): Promise<ConversationRecord & InboxState> {
  const conversation = await getConversation(tenant, conversationId);
  if (!conversation || conversation.visitorId !== visitorId) throw notFound('Conversation');
  return conversation;
}

export interface AddedMessage {
  /** False for a resend of a message already stored. */
  stored: boolean;
  seq: number;
  /** The conversation's state before and after (the same for a resend). */
  before: InboxStatus;
  after: InboxStatus;
  assignee?: { id: string; name: string };
}

/**
 * Adds a message once per client id. Its `seq` comes from the conversation's
 * counter, so the transcript keeps the order in which messages arrived (the
 * widget sends in the order the visitor saw them) even when timestamps tie.
 * The message and the conversation's count are written in one transaction,
 * so a retry after a fault neither loses nor double-counts a message.
 */
/** Who wrote a message: the visitor, the bot flow in the visitor's browser, or a person of the team (by user or key id). */
export type MessageOrigin = { via: 'visitor' } | { via: 'flow'; question: boolean } | { via: 'agent'; agentId: string; agentName: string };

export async function addMessage(
  tenant: Tenant,
  conversation: ConversationRecord & InboxState,
  message: MessageBody,
  origin: MessageOrigin,
): Promise<AddedMessage> {
  const key = TenantKeys.message(tenant.tenantId, conversation.conversationId, message.id);
  const before = conversation.status ?? 'bot';
  const existing = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  if (existing.Item) return { stored: false, seq: Number(existing.Item.seq ?? 0), before, after: before };
  const counter = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: TenantKeys.conversation(tenant.tenantId, conversation.conversationId),
      UpdateExpression: 'ADD lastSeq :one',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const seq = Number(counter.Attributes?.lastSeq);
  const now = new Date().toISOString();
  const by: Author =
    origin.via === 'agent'
      ? { author: 'agent', agentId: origin.agentId, agentName: origin.agentName }
      : origin.via === 'flow'
        ? { author: 'bot', question: origin.question }
        : { author: 'visitor' };
  const state = stateAfter(conversation, by, message.text, seq, now);
  const after = state.set.status as InboxStatus;
  // A closed conversation keeps its place among the closed until it opens again.
  const listed = after === 'closed' ? {} : inboxKeys(tenant, conversation.conversationId, after, now);
  const update = updateExpression({ set: { lastMessageAt: message.ts, ...state.set, ...listed }, add: { messageCount: 1, ...state.add } });
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...key,
                entity: 'message',
                messageId: message.id,
                conversationId: conversation.conversationId,
                author: message.author,
                ...(origin.via === 'agent' ? origin : { via: origin.via }),
                text: message.text,
                ts: message.ts,
                seq,
                receivedAt: new Date().toISOString(),
                [TTL_ATTRIBUTE]: expiryFor(tenant, message.ts),
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: TenantKeys.conversation(tenant.tenantId, conversation.conversationId),
              ...update,
              ConditionExpression: 'attribute_exists(PK)',
            },
          },
          // Written with the change: the visitor now waits for a person.
          ...(after === 'waiting' && before !== 'waiting'
            ? [outboxPut(tenant.tenantId, 'conversation.waiting', { conversationId: conversation.conversationId, visitorId: conversation.visitorId, at: now })]
            : []),
        ],
      }),
    );
  } catch (error) {
    // A concurrent resend of the same message won the race: report it as a duplicate.
    if (!isTransactionConditionFailure(error)) throw error;
    const winner = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
    if (!winner.Item) throw notFound('Conversation');
    return { stored: false, seq: Number(winner.Item.seq ?? 0), before, after: before };
  }
  const assigneeId = (state.set.assigneeId as string | undefined) ?? conversation.assigneeId;
  const assigneeName = (state.set.assigneeName as string | undefined) ?? conversation.assigneeName ?? '';
  return { stored: true, seq, before, after, ...(assigneeId ? { assignee: { id: assigneeId, name: assigneeName } } : {}) };
}

/** The messages of a conversation after a sequence number, in order: what a reconnecting widget missed. */
export async function messagesAfter(tenant: Tenant, conversationId: string, after: number): Promise<LiveMessage[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :msg)',
    FilterExpression: 'seq > :after',
    ExpressionAttributeValues: { ':pk': TenantKeys.conversationPartition(tenant.tenantId, conversationId), ':msg': 'MSG#', ':after': after },
  });
  return items
    .map((i) => ({
      id: String(i.messageId),
      author: i.author as LiveMessage['author'],
      text: String(i.text),
      ts: String(i.ts),
      seq: Number(i.seq),
      ...(i.via === 'agent' && i.agentName ? { name: String(i.agentName) } : {}),
    }))
    .sort((a, b) => a.seq - b.seq);
}
