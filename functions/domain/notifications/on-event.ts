import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/dynamo';
import { sendMail } from '../../lib/mailer';
import { roleAllows } from '../../../shared/permissions';
import { TenantKeys } from '../../lib/table-keys';
import { publicUrl } from '../accounts/invitations';
import { agentsOnline } from '../live';
import type { OutboxEvent } from '../outbox';
import { getTenant } from '../tenants';
import { countActivity, dayActivity } from './activity';
import { getAlertRules, raiseAlert } from './alerts';
import { recipients } from './prefs';

/**
 * What the team hears of an event, run by the delivery worker once per
 * outbox event: counts for alerts and digests, the instant new-lead mail,
 * and the hourly and erasure thresholds.
 */
export async function notifyTeam(event: OutboxEvent): Promise<void> {
  // A tenant closed since the event was written: nothing of it may be written again.
  if (!(await getTenant(event.tenantId))) return;
  if (event.type === 'lead.created') {
    const hourCount = await countActivity(event.tenantId, 'leads', event.createdAt);
    const rules = await getAlertRules(event.tenantId);
    if (rules.maxLeadsPerHour && hourCount > rules.maxLeadsPerHour) {
      await raiseAlert(event.tenantId, 'many_leads_hour', hourCount, rules.maxLeadsPerHour, event.createdAt.slice(0, 13));
    }
    await mailNewLead(event);
  }
  if (event.type === 'conversation.waiting') await mailWaiting(event);
  if (event.type === 'contact.erased' && event.data.contactId) {
    await countActivity(event.tenantId, 'erasures', event.createdAt);
    const rules = await getAlertRules(event.tenantId);
    const day = event.createdAt.slice(0, 10);
    const { erasures } = await dayActivity(event.tenantId, day);
    if (rules.maxErasuresPerDay && erasures > rules.maxErasuresPerDay)
      await raiseAlert(event.tenantId, 'erasure_spike', erasures, rules.maxErasuresPerDay, day);
  }
}

/** The instant mail of a new lead: first name and company only, and where to see the rest (a restricted contact is never mailed). */
async function mailNewLead(event: OutboxEvent): Promise<void> {
  const people = await recipients(event.tenantId, 'newLead');
  if (!people.length || !event.data.contactId) return;
  const contactId = String(event.data.contactId);
  const { Item: contact } = await db().send(
    new GetCommand({ TableName: tableName(), Key: TenantKeys.contact(event.tenantId, contactId), ConsistentRead: true }),
  );
  if (!contact || contact.restricted === true) return;
  const who = [contact.firstName, contact.company ? `(${String(contact.company)})` : ''].filter(Boolean).join(' ') || 'Someone';
  const link = `${publicUrl()}/dashboard/#/leads/${encodeURIComponent(contactId)}`;
  for (const person of people) {
    await sendMail({
      to: person.email,
      subject: `New lead: ${who}`.replace(/[\r\n]+/g, ' ').slice(0, 200),
      text: `Hello ${person.name || ''},\n\n${who} left their details.\n\nSee the lead: ${link}\n`,
    });
  }
}

/**
 * A visitor waits for a person and nobody is online to answer: the people
 * who may reply (and did not turn it off) hear of it at once. The mail says
 * where the visitor is and links to the conversation, never what they wrote.
 */
async function mailWaiting(event: OutboxEvent): Promise<void> {
  const tenant = await getTenant(event.tenantId);
  if (!tenant || (await agentsOnline(tenant)) > 0 || !event.data.conversationId) return;
  const people = (await recipients(event.tenantId, 'waiting')).filter((m) => roleAllows(m.role, 'write'));
  if (!people.length) return;
  const conversationId = String(event.data.conversationId);
  const { Item: conversation } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.conversation(event.tenantId, conversationId) }));
  if (!conversation) return;
  const link = `${publicUrl()}/dashboard/#/inbox/${encodeURIComponent(conversationId)}`;
  const page = String(conversation.pageUrl ?? '');
  for (const person of people) {
    await sendMail({
      to: person.email,
      subject: `A visitor is waiting for an answer on ${tenant.name}`.replace(/[\r\n]+/g, ' ').slice(0, 200),
      text: `Hello ${person.name || ''},\n\nA visitor${page ? ` on ${page}` : ''} asked for a person and nobody in the team is online.\n\nAnswer in the inbox: ${link}\n`,
    });
  }
}
