import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageBody, StartConversationBody } from '../../shared/schemas/ingest';
import { db, isConditionalCheckFailed, tableName } from '../lib/dynamo';
import { notFound } from '../lib/errors';
import { derivedId } from '../lib/ids';
import { TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
import { type ClientInfo, expiryFor, utmFromUrl } from './client-info';
import type { Tenant } from './tenants';

export interface ConversationRecord {
  conversationId: string;
  visitorId: string;
  sessionId: string;
  pageUrl: string;
  referrer?: string;
  createdAt: string;
  contactId?: string;
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
      new PutCommand({
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
          ...utmFromUrl(body.pageUrl),
          ...client,
          createdAt: now,
          messageCount: 0,
          [TTL_ATTRIBUTE]: expiryFor(tenant, now),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
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

export async function getConversation(tenant: Tenant, conversationId: string): Promise<ConversationRecord | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.conversation(tenant.tenantId, conversationId) }));
  return Item as ConversationRecord | undefined;
}

/** A conversation of this visitor, or 404 (another visitor's looks the same as none). */
export async function conversationOfVisitor(tenant: Tenant, conversationId: string, visitorId: string): Promise<ConversationRecord> {
  const conversation = await getConversation(tenant, conversationId);
  if (!conversation || conversation.visitorId !== visitorId) throw notFound('Conversation');
  return conversation;
}

/** Adds a message once per client id; returns false for a resend. */
export async function addMessage(tenant: Tenant, conversation: ConversationRecord, message: MessageBody): Promise<boolean> {
  const now = new Date().toISOString();
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...TenantKeys.message(tenant.tenantId, conversation.conversationId, message.id),
          entity: 'message',
          messageId: message.id,
          conversationId: conversation.conversationId,
          author: message.author,
          text: message.text,
          ts: message.ts,
          receivedAt: now,
          [TTL_ATTRIBUTE]: expiryFor(tenant, message.ts),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: TenantKeys.conversation(tenant.tenantId, conversation.conversationId),
      UpdateExpression: 'SET lastMessageAt = :ts ADD messageCount :one',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':ts': message.ts, ':one': 1 },
    }),
  );
  return true;
}
