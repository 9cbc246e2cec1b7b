import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LeadFields } from '../../shared/schemas/lead-fields';
import { deleteKeys } from '../lib/batch-delete';
import { db, tableName } from '../lib/dynamo';
import { ConditionFailed, conditionally, updateExpression } from '../lib/store';
import { notFound } from '../lib/errors';
import { newId } from '../lib/ids';
import { SocketKeys, TenantKeys } from '../lib/table-keys';
import { recordAudit } from './audit';
import { conversationRow, eventRow, leadRow } from './exports/rows';
import { isVisible } from './exports/visible';
import { type Item, contactFootprint, countByKind, footprintPages, getContact } from './footprint';
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
  let updated: Item;
  try {
    const out = await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: TenantKeys.contact(tenant.tenantId, contactId),
          ...updateExpression({
            set: { ...change.fields, restricted: change.restricted, updatedAt: new Date().toISOString() },
            values: { ':nowSec': Math.floor(Date.now() / 1000) },
          }),
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(expiresAt) OR expiresAt > :nowSec)',
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    updated = out.Attributes ?? {};
  } catch (error) {
    throw error instanceof ConditionFailed ? notFound('Contact') : error;
  }
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
  for await (const page of footprintPages(tenant, visitorId, visitorIds)) {
    // An open live socket goes with its pointer (which names the visitor).
    const sockets = page.filter((i) => i.entity === 'liveConnection').map((i) => SocketKeys.socket(String(i.connectionId)));
    await deleteKeys([...page.map((i) => ({ PK: String(i.PK), SK: String(i.SK) })), ...sockets]);
    countByKind(page, deleted);
    contactSeen ||= !!contact && page.some((i) => i.PK === contact.PK && i.SK === contact.SK);
  }
  if (contact && !contactSeen) {
    await deleteKeys([{ PK: String(contact.PK), SK: String(contact.SK) }]);
    countByKind([contact], deleted);
  }
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

/** Erasure of a contact and everything linked (GDPR Art. 17), with a deletion receipt. */
export async function eraseContact(tenant: Tenant, contactId: string, actor: string): Promise<DeletionReceipt> {
  const contact = await getContact(tenant, contactId);
  return erase(tenant, String(contact.visitorId), actor, contact);
}

/** A visitor erasing their own data from the widget. */
export async function eraseVisitor(tenant: Tenant, visitorId: string): Promise<DeletionReceipt> {
  return erase(tenant, visitorId, 'visitor');
}
