import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { WebhookEventType } from '../../shared/schemas/webhooks';
import { db, tableName } from '../lib/dynamo';
import { newId } from '../lib/ids';
import { TTL_ATTRIBUTE, TenantKeys, WorkQueues } from '../lib/table-keys';

/** How long an outbox event is kept (the delivery log and redelivery read it); retries end after a day. */
export const OUTBOX_DAYS = 30;

/**
 * What an outbox event carries: ids and plain facts only. Whatever a
 * receiver gets about a person (a lead's fields) is read when it is sent,
 * so an erased or restricted contact is never sent, and the outbox never
 * holds personal data.
 */
export type OutboxData = {
  contactId?: string;
  conversationId?: string;
  visitorId?: string;
  [fact: string]: string | number | boolean | undefined;
};

export interface OutboxEvent {
  eventId: string;
  tenantId: string;
  type: WebhookEventType;
  data: OutboxData;
  /** Events of one subject (contact, else conversation, else visitor) reach each endpoint in order. */
  subject: string;
  createdAt: string;
}

const defined = (data: OutboxData) => Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as OutboxData;

/**
 * The `Put` of an outbox event, to add to the `TransactItems` of the write
 * that makes the change, so the event exists exactly when the change does:
 *
 * ```ts
 * await db().send(new TransactWriteCommand({ TransactItems: [
 *   { Update: …the conversation… },
 *   outboxPut(tenant.tenantId, 'conversation.waiting', { conversationId, visitorId, at }),
 * ] }));
 * ```
 *
 * The worker delivers it to every endpoint subscribed to `type`.
 */
export function outboxPut(tenantId: string, type: WebhookEventType, data: OutboxData, at = new Date()) {
  const event = newOutboxEvent(tenantId, type, data, at);
  return { Put: { TableName: tableName(), Item: outboxItem(event), ConditionExpression: 'attribute_not_exists(PK)' } };
}

/** Records an event that is not part of a data change (an alert). */
export async function emitEvent(tenantId: string, type: WebhookEventType, data: OutboxData, at = new Date()): Promise<OutboxEvent> {
  const event = newOutboxEvent(tenantId, type, data, at);
  await db().send(new PutCommand({ TableName: tableName(), Item: outboxItem(event) }));
  return event;
}

function newOutboxEvent(tenantId: string, type: WebhookEventType, data: OutboxData, at: Date): OutboxEvent {
  const clean = defined(data);
  const subject = clean.contactId ?? clean.conversationId ?? clean.visitorId ?? type;
  return { eventId: newId('msg'), tenantId, type, data: clean, subject: String(subject), createdAt: at.toISOString() };
}

function outboxItem(event: OutboxEvent) {
  return {
    ...TenantKeys.outboxEvent(event.tenantId, event.eventId),
    ...WorkQueues.outbox(event.tenantId, event.createdAt, event.eventId),
    entity: 'outbox',
    ...event,
    [TTL_ATTRIBUTE]: Math.floor(Date.parse(event.createdAt) / 1000) + OUTBOX_DAYS * 86_400,
  };
}

/** An outbox item as read from the table (or a stream record's new image). */
export function outboxEventOf(item: Record<string, unknown>): OutboxEvent {
  return {
    eventId: String(item.eventId),
    tenantId: String(item.tenantId),
    type: item.type as WebhookEventType,
    data: (item.data ?? {}) as OutboxData,
    subject: String(item.subject),
    createdAt: String(item.createdAt),
  };
}
