import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/dynamo';
import { TenantKeys } from '../../lib/table-keys';
import { isVisible } from '../exports/visible';
import type { OutboxEvent } from '../outbox';

type Item = Record<string, unknown>;

async function read(key: { PK: string; SK: string }): Promise<Item | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return Item && isVisible(Item, new Date()) ? Item : undefined;
}

/** A lead as receivers see it: contact fields, consent and answers; nothing of the device or network. */
function leadData(c: Item) {
  return {
    contactId: String(c.contactId),
    visitorId: String(c.visitorId),
    conversationId: String(c.conversationId ?? ''),
    createdAt: String(c.createdAt),
    updatedAt: String(c.updatedAt ?? c.createdAt),
    firstName: String(c.firstName ?? ''),
    lastName: String(c.lastName ?? ''),
    email: String(c.email ?? ''),
    phone: String(c.phone ?? ''),
    company: String(c.company ?? ''),
    consentMarketing: c.consentMarketing === true,
    pageUrl: String(c.pageUrl ?? ''),
    answers: (c.answers as { question: string; answer: string }[] | undefined) ?? [],
  };
}

/**
 * The `data` of an event as it is sent now, or undefined when it must not be
 * sent: its contact or conversation was erased, or the contact is
 * restricted. Lead fields are read at sending time, so the outbox never
 * holds them and an erasure stops everything queued for the contact.
 */
export async function eventData(event: OutboxEvent): Promise<Record<string, unknown> | undefined> {
  const { tenantId, data } = event;
  if (event.type === 'contact.erased' || event.type === 'alert.triggered') return { ...data };
  const contact = data.contactId ? await read(TenantKeys.contact(tenantId, String(data.contactId))) : undefined;
  if (data.contactId && (!contact || contact.restricted === true)) return undefined;
  if (event.type.startsWith('lead.')) return contact ? leadData(contact) : undefined;
  if (!data.conversationId) return undefined;
  const conversation = await read(TenantKeys.conversation(tenantId, String(data.conversationId)));
  if (!conversation) return undefined;
  const linked = conversation.contactId ? await read(TenantKeys.contact(tenantId, String(conversation.contactId))) : undefined;
  if (linked?.restricted === true) return undefined;
  return { ...data, ...(linked ? { contactId: String(linked.contactId) } : {}) };
}
