import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, queryAll, tableName } from '../lib/dynamo';
import { notFound } from '../lib/errors';
import { TABLE_INDEXES, TenantKeys } from '../lib/table-keys';
import { isVisible } from './exports/visible';
import type { Tenant } from './tenants';

export type Item = Record<string, unknown>;

/** Everything stored about one person: the basis of access and erasure. */
export interface Footprint {
  visitorIds: string[];
  items: Item[];
}

const partition = (pk: string) => queryAll({ TableName: tableName(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } });

/**
 * Gathers a visitor's items without a scan: the visitor partition (visitor,
 * sessions, events, links), the partitions of the cookieless day ids linked
 * to it, and through GSI2 its contacts and conversations with their messages.
 */
export async function visitorFootprint(tenant: Tenant, visitorId: string): Promise<Footprint> {
  const own = await partition(TenantKeys.visitorPartition(tenant.tenantId, visitorId));
  const dayIds = own.filter((i) => i.entity === 'visitorLink').map((i) => String(i.dayVisitorId));
  const days = (await Promise.all(dayIds.map((d) => partition(TenantKeys.visitorPartition(tenant.tenantId, d))))).flat();
  const filed = await queryAll({
    TableName: tableName(),
    IndexName: TABLE_INDEXES.byVisitor,
    KeyConditionExpression: 'GSI2PK = :pk',
    ExpressionAttributeValues: { ':pk': TenantKeys.visitorPartition(tenant.tenantId, visitorId) },
  });
  const conversations = filed.filter((i) => i.entity === 'conversation').map((i) => String(i.conversationId));
  const threads = (await Promise.all(conversations.map((c) => partition(TenantKeys.conversationPartition(tenant.tenantId, c))))).flat();
  const contacts = filed.filter((i) => i.entity === 'contact');
  return { visitorIds: [visitorId, ...dayIds], items: dedupe([...own, ...days, ...contacts, ...threads]) };
}

/** A contact's footprint: the contact and everything of its visitor. 404 if unknown or expired. */
export async function contactFootprint(tenant: Tenant, contactId: string): Promise<{ contact: Item; footprint: Footprint }> {
  const contact = await getContact(tenant, contactId);
  const footprint = await visitorFootprint(tenant, String(contact.visitorId));
  if (!footprint.items.some((i) => i.PK === contact.PK)) footprint.items.push(contact);
  return { contact, footprint };
}

export async function getContact(tenant: Tenant, contactId: string): Promise<Item> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.contact(tenant.tenantId, contactId), ConsistentRead: true }));
  if (!Item || !isVisible(Item, new Date())) throw notFound('Contact');
  return Item;
}

function dedupe(items: Item[]): Item[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${String(i.PK)}|${String(i.SK)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Counts items by kind, for receipts. */
export function countByKind(items: Item[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const kind = KIND_NAMES[String(item.entity)] ?? String(item.entity);
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

const KIND_NAMES: Record<string, string> = {
  contact: 'contacts',
  conversation: 'conversations',
  message: 'messages',
  event: 'events',
  session: 'sessions',
  visitor: 'visitors',
  visitorLink: 'visitorLinks',
  apiKey: 'apiKeys',
  tenant: 'tenants',
  salt: 'salts',
  rateWindow: 'rateWindows',
};
