import { GetCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../lib/dynamo';
import { notFound } from '../lib/errors';
import { TABLE_INDEXES, TenantKeys } from '../lib/table-keys';
import { isVisible } from './exports/visible';
import type { Tenant } from './tenants';
import { config } from '../lib/config';
import { queryPages } from '../lib/store';
import { getItems } from '../lib/batch-items';
import { eventKeysOfBatch } from './event-batches';

export type Item = Record<string, unknown>;

/**
 * Items one access answer holds at most (`PARLEY_ACCESS_ITEM_LIMIT`, default
 * 10,000): anyone can grow a visitor's footprint by sending events.
 */
export const accessItemLimit = () => config.accessItemLimit();
/** Linked visitor ids named in one answer or receipt at most (the counts stay exact). */
const VISITOR_ID_LIMIT = 1_000;
const PAGE = 500;

/** A person's footprint as read for an access answer: bounded in size. */
export interface Footprint {
  visitorIds: string[];
  items: Item[];
  /** More was stored than one answer holds (accessItemLimit). */
  truncated: boolean;
}

const pages = (input: QueryCommandInput) => queryPages(input, PAGE);

const partition = (pk: string, skPrefix?: string): QueryCommandInput => ({
  TableName: tableName(),
  KeyConditionExpression: skPrefix ? 'PK = :pk AND begins_with(SK, :sk)' : 'PK = :pk',
  ExpressionAttributeValues: { ':pk': pk, ...(skPrefix ? { ':sk': skPrefix } : {}) },
});

// Conversations and contacts are filed under their visitor in GSI2; events are found through their batch items.
const filedUnder = (tenant: Tenant, visitorId: string, kind?: 'CONTACT'): QueryCommandInput => ({
  TableName: tableName(),
  IndexName: TABLE_INDEXES.byVisitor,
  KeyConditionExpression: kind ? 'GSI2PK = :pk AND begins_with(GSI2SK, :kind)' : 'GSI2PK = :pk',
  ExpressionAttributeValues: { ':pk': TenantKeys.visitorPartition(tenant.tenantId, visitorId), ...(kind ? { ':kind': `${kind}#` } : {}) },
});

const isContact = (item: Item) => String(item.GSI2SK ?? '').startsWith('CONTACT#');

/**
 * What is filed under one visitor id (GSI2) but its contacts, conversations
 * with their messages, then its own partition, each page of batch items
 * preceded by the events they list.
 */
async function* visitorIdPages(tenant: Tenant, visitorId: string): AsyncGenerator<Item[]> {
  for await (const page of pages(filedUnder(tenant, visitorId))) {
    const plain = page.filter((i) => !isContact(i) && i.entity !== 'conversation');
    if (plain.length) yield plain;
    for (const conversation of page.filter((i) => i.entity === 'conversation')) {
      yield* pages(partition(TenantKeys.conversationPartition(tenant.tenantId, String(conversation.conversationId))));
    }
  }
  for await (const page of pages(partition(TenantKeys.visitorPartition(tenant.tenantId, visitorId)))) {
    // The events before the batch items that lead to them, so an interrupted erasure finds them again.
    yield* eventsOfBatches(
      tenant,
      visitorId,
      page.filter((i) => i.entity === 'eventBatch'),
    );
    yield page;
  }
}

/**
 * The events a page of batch items lists, read by key in pages of at most
 * PAGE. Only those stored under this visitor id: the same event resent
 * under another id stays with the id that stored it.
 */
async function* eventsOfBatches(tenant: Tenant, visitorId: string, batches: Item[]): AsyncGenerator<Item[]> {
  const unique = new Map(batches.flatMap((b) => eventKeysOfBatch(tenant.tenantId, b)).map((k) => [k.SK, k]));
  const keys = [...unique.values()];
  for (let i = 0; i < keys.length; i += PAGE) {
    const events = (await getItems(keys.slice(i, i + PAGE))).filter((e) => e.visitorId === visitorId);
    if (events.length) yield events;
  }
}

/**
 * A visitor's items, page by page and without a scan: everything of the
 * cookieless day ids linked to it, what is filed under it in GSI2 (events,
 * conversations with their messages), its own partition (visitor, sessions,
 * links) and last its contacts. The order lets erasure delete each page as
 * it comes: what leads to the rest (links, contacts) goes last, so an
 * interrupted erasure finds everything again when repeated. `visitorIds`
 * receives the linked day ids as they are found.
 */
export async function* footprintPages(tenant: Tenant, visitorId: string, visitorIds: string[] = []): AsyncGenerator<Item[]> {
  for await (const links of pages(partition(TenantKeys.visitorPartition(tenant.tenantId, visitorId), 'LINK#'))) {
    for (const link of links) {
      const dayId = String(link.dayVisitorId);
      if (visitorIds.length < VISITOR_ID_LIMIT) visitorIds.push(dayId);
      yield* visitorIdPages(tenant, dayId);
    }
  }
  yield* visitorIdPages(tenant, visitorId);
  yield* pages(filedUnder(tenant, visitorId, 'CONTACT'));
}

/** A visitor's footprint for an access answer: at most accessItemLimit() items. */
export async function visitorFootprint(tenant: Tenant, visitorId: string): Promise<Footprint> {
  const limit = accessItemLimit();
  const visitorIds = [visitorId];
  const items: Item[] = [];
  const seen = new Set<string>();
  for await (const page of footprintPages(tenant, visitorId, visitorIds)) {
    for (const item of page) {
      if (items.length >= limit) return { visitorIds, items, truncated: true };
      const key = `${String(item.PK)}|${String(item.SK)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(item);
    }
  }
  return { visitorIds, items, truncated: false };
}

/** A contact's footprint: the contact and everything of its visitor. 404 if unknown or expired. */
export async function contactFootprint(tenant: Tenant, contactId: string): Promise<{ contact: Item; footprint: Footprint }> {
  const contact = await getContact(tenant, contactId);
  const footprint = await visitorFootprint(tenant, String(contact.visitorId));
  return { contact, footprint };
}

export async function getContact(tenant: Tenant, contactId: string): Promise<Item> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.contact(tenant.tenantId, contactId), ConsistentRead: true }));
  if (!Item || !isVisible(Item, new Date())) throw notFound('Contact');
  return Item;
}

/** Counts items by kind, for receipts; adds to `into` when given. */
export function countByKind(items: Item[], into: Record<string, number> = {}): Record<string, number> {
  for (const item of items) {
    const kind = KIND_NAMES[String(item.entity)] ?? String(item.entity);
    into[kind] = (into[kind] ?? 0) + 1;
  }
  return into;
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
  eventDay: 'eventDays',
  eventBatch: 'eventBatches',
};
