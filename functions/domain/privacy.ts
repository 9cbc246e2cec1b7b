import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { LeadFields } from '../../shared/schemas/lead-fields';
import { deleteKeys } from '../lib/batch-delete';
import { db, tableName } from '../lib/dynamo';
import { isTransactionConditionFailure, updateExpression } from '../lib/store';
import { notFound } from '../lib/errors';
import { newId } from '../lib/ids';
import { SocketKeys, TenantKeys } from '../lib/table-keys';
import { recordAudit } from './audit';
import { forgetPagesOf } from './exports/read-ahead';
import { conversationRow, eventRow, leadRow } from './exports/rows';
import { isVisible } from './exports/visible';
import { type Item, contactFootprint, countByKind, footprintPages, getContact } from './footprint';
import { outboxPut } from './outbox';
import type { Tenant } from './tenants';

export interface DeletionReceipt {
  receiptId: string;
  erasedAt: string;
  subject: { contactId?: string; visitorIds: string[] };
  deleted: Record<string, number>;
}

/** Everything stored about a contact, for access and portability (GDPR Art. 15, 20). */
export async function accessContact(tenant: Tenant, contactId: string, actor: string, format = 'json') {
  const { contact, footprint } = await contactFootprint(tenant, contactId);
  const now = new Date();
  const visible = footprint.items.filter((i) => isVisible(i, now));
  const conversations = await Promise.all(visible.filter((i) => i.entity === 'conversation').map((i) => conversationRow(tenant, i)));
  const events = visible
    .filter((i) => i.entity === 'event')
    .map(eventRow)
    .sort((a, b) => a.ts.localeCompare(b.ts));
  const sessions = visible
    .filter((i) => i.entity === 'session')
    .map((i) => ({
      sessionId: i.sessionId,
      startedAt: i.startedAt,
      lastSeenAt: i.lastSeenAt,
      landingUrl: i.landingUrl,
      referrer: i.referrer,
      eventCount: i.eventCount,
    }));
  await recordAudit(tenant.tenantId, {
    action: 'access',
    actor,
    subject: 'contact',
    details: { contactId, format, events: events.length, conversations: conversations.length },
  });
  return {
    contact: leadRow(contact),
    consent: {
      marketing: contact.consentMarketing === true,
      text: String(contact.consentText ?? ''),
      at: String(contact.consentAt ?? contact.createdAt ?? ''),
    },
    restricted: contact.restricted === true,
    visitorIds: footprint.visitorIds,
    // True when more is stored than one answer holds (the newest items may be missing).
    truncated: footprint.truncated,
    conversations,
    sessions,
    events,
  };
}

/** Rectification and restriction (GDPR Art. 16, 18): changes named fields, audits the field names only. */
export async function updateContact(tenant: Tenant, contactId: string, change: { fields: LeadFields; restricted?: boolean | undefined }, actor: string) {
  const key = TenantKeys.contact(tenant.tenantId, contactId);
  const before = await getContact(tenant, contactId);
  const restrictedAfter = change.restricted ?? before.restricted === true;
  const update = updateExpression({
    set: { ...change.fields, restricted: change.restricted, updatedAt: new Date().toISOString() },
    values: { ':nowSec': Math.floor(Date.now() / 1000) },
  });
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: key,
              ...update,
              ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(expiresAt) OR expiresAt > :nowSec)',
            },
          },
          // A restricted contact is never sent; lifting a restriction sends it again as updated.
          ...(restrictedAfter ? [] : [outboxPut(tenant.tenantId, 'lead.updated', { contactId, visitorId: String(before.visitorId) })]),
        ],
      }),
    );
  } catch (error) {
    throw isTransactionConditionFailure(error) ? notFound('Contact') : error;
  }
  forgetPagesOf(tenant.tenantId);
  const updated = await getContact(tenant, contactId);
  const fields = Object.keys(change.fields).filter((f) => change.fields[f as keyof LeadFields] !== undefined);
  if (fields.length)
    await recordAudit(tenant.tenantId, { action: 'rectification', actor, subject: 'contact', details: { contactId, fields: fields.join(',') } });
  if (change.restricted !== undefined) {
    await recordAudit(tenant.tenantId, { action: change.restricted ? 'restriction' : 'restriction_lifted', actor, subject: 'contact', details: { contactId } });
  }
  return { ...leadRow(updated), restricted: updated.restricted === true };
}

/**
 * Deletes a visitor's footprint page by page (memory holds one page however
 * much is stored), then the contact asked for if the index had not shown it
 * yet, and records the receipt.
 */
async function erase(tenant: Tenant, visitorId: string, actor: string, contact?: Item): Promise<DeletionReceipt> {
  const visitorIds = [visitorId];
  const deleted: Record<string, number> = {};
  let contactSeen = false;
  let erasedContacts = 0;
  let visitorItem: Item | undefined;
  for await (const page of footprintPages(tenant, visitorId, visitorIds)) {
    const contacts = page.filter((i) => i.entity === 'contact');
    visitorItem ??= page.find((i) => i.entity === 'visitor' && i.PK === TenantKeys.visitor(tenant.tenantId, visitorId).PK);
    // An open live socket goes with its pointer (which names the visitor).
    const sockets = page.filter((i) => i.entity === 'liveConnection').map((i) => SocketKeys.socket(String(i.connectionId)));
    await deleteKeys([...page.filter((i) => i.entity !== 'contact' && i !== visitorItem).map((i) => ({ PK: String(i.PK), SK: String(i.SK) })), ...sockets]);
    for (const c of contacts) await deleteWithErasedEvent(tenant, c, { contactId: String(c.contactId), visitorId: String(c.visitorId) });
    erasedContacts += contacts.length;
    countByKind(page, deleted);
    contactSeen ||= !!contact && page.some((i) => i.PK === contact.PK && i.SK === contact.SK);
  }
  if (contact && !contactSeen) {
    await deleteWithErasedEvent(tenant, contact, { contactId: String(contact.contactId), visitorId: String(contact.visitorId) });
    erasedContacts++;
    countByKind([contact], deleted);
  }
  // A visitor without a lead was still sent as a conversation's visitor: receivers hear of its erasure by id.
  if (visitorItem) await deleteWithErasedEvent(tenant, visitorItem, erasedContacts ? undefined : { visitorId });
  const contactId = contact ? String(contact.contactId) : undefined;
  const receipt: DeletionReceipt = {
    receiptId: newId('rcpt'),
    erasedAt: new Date().toISOString(),
    subject: { ...(contactId ? { contactId } : {}), visitorIds },
    deleted,
  };
  await recordAudit(tenant.tenantId, {
    action: 'erasure',
    actor,
    subject: contactId ? 'contact' : 'visitor',
    details: { receiptId: receipt.receiptId, ...(contactId ? { contactId } : {}), deleted: receipt.deleted },
  });
  return receipt;
}

/**
 * Deletes a contact (or the visitor item) in one transaction with its
 * `contact.erased` event (ids only), so receivers hear of exactly the
 * erasures that happened.
 */
async function deleteWithErasedEvent(tenant: Tenant, item: Item, erased: { contactId?: string; visitorId: string } | undefined): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        { Delete: { TableName: tableName(), Key: { PK: String(item.PK), SK: String(item.SK) } } },
        ...(erased ? [outboxPut(tenant.tenantId, 'contact.erased', erased)] : []),
      ],
    }),
  );
}

/** Erasure of a contact and everything linked (GDPR Art. 17), with a deletion receipt. */
export async function eraseContact(tenant: Tenant, contactId: string, actor: string): Promise<DeletionReceipt> {
  const contact = await getContact(tenant, contactId);
  return erase(tenant, String(contact.visitorId), actor, contact).finally(() => forgetPagesOf(tenant.tenantId));
}

/** A visitor erasing their own data from the widget. */
export async function eraseVisitor(tenant: Tenant, visitorId: string): Promise<DeletionReceipt> {
  return erase(tenant, visitorId, 'visitor').finally(() => forgetPagesOf(tenant.tenantId));
}
