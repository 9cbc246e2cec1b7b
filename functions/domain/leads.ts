import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { LeadBody } from '../../shared/schemas/ingest';
import { db, tableName } from '../lib/dynamo';
import { isTransactionConditionFailure, updateExpression } from '../lib/store';
import { derivedId } from '../lib/ids';
import { TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
import { type ClientInfo, expiryFor, utmFromUrl } from './captured';
import { countBot } from './bot-stats';
import { conversationOfVisitor } from './conversations';
import { markLeadQualified } from './lead-scoring';
import { outboxPut } from './outbox';
import type { Tenant } from './tenants';
import { tokenRequired } from './visitor-tokens';

/**
 * Captures a lead. One contact per visitor and conversation: a resend stores
 * nothing new, and a corrected resend updates the same contact, keeping the
 * time it was first captured. Only the visitor (`asVisitor`: the request
 * carried the visitor's token) may change a contact that exists; anyone else
 * can only create one.
 */
export async function captureLead(tenant: Tenant, body: LeadBody, client: ClientInfo, asVisitor: boolean): Promise<{ contactId: string }> {
  const conversation = body.conversationId ? await conversationOfVisitor(tenant, body.conversationId, body.visitorId) : undefined;
  const contactId = derivedId('k', tenant.tenantId, body.visitorId, body.conversationId ?? '');
  const now = new Date().toISOString();
  const pageUrl = body.pageUrl ?? conversation?.pageUrl ?? '';
  const referrer = body.referrer ?? conversation?.referrer ?? '';
  const attributes: Record<string, unknown> = {
    entity: 'contact',
    contactId,
    visitorId: body.visitorId,
    conversationId: body.conversationId ?? '',
    firstName: body.fields.firstName ?? '',
    lastName: body.fields.lastName ?? '',
    email: body.fields.email ?? '',
    phone: body.fields.phone ?? '',
    company: body.fields.company ?? '',
    answers: body.answers,
    score: body.score ?? 0,
    consentMarketing: body.consent.marketing,
    consentText: body.consent.text,
    consentAt: now,
    pageUrl,
    referrer,
    utmSource: '',
    utmMedium: '',
    utmCampaign: '',
    ...utmFromUrl(pageUrl),
    ...client,
    ...TenantKeys.byVisitor(tenant.tenantId, body.visitorId, 'CONTACT', contactId),
    updatedAt: now,
    [TTL_ATTRIBUTE]: expiryFor(tenant, now),
  };
  const stream = TenantKeys.leadStream(tenant.tenantId, now, contactId);
  const key = TenantKeys.contact(tenant.tenantId, contactId);
  // Read first, to tell created from updated; the write is conditional on what was read, so the event matches the change.
  for (let attempt = 0; ; attempt++) {
    const { Item: existing } = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
    if (existing && !asVisitor) throw tokenRequired();
    const update = updateExpression({
      set: { ...attributes, GSI1PK: stream.GSI1PK },
      keep: { createdAt: now, GSI1SK: stream.GSI1SK },
      values: existing ? { ':seen': existing.updatedAt } : {},
    });
    const event = !existing ? 'lead.created' : existing.restricted !== true && leadChanged(existing, attributes) ? 'lead.updated' : undefined;
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: tableName(), Key: key, ...update, ConditionExpression: existing ? 'updatedAt = :seen' : 'attribute_not_exists(PK)' } },
            ...(conversation
              ? [
                  {
                    Update: {
                      TableName: tableName(),
                      Key: TenantKeys.conversation(tenant.tenantId, conversation.conversationId),
                      UpdateExpression: 'SET contactId = :c',
                      ExpressionAttributeValues: { ':c': contactId },
                    },
                  },
                ]
              : []),
            ...(event ? [outboxPut(tenant.tenantId, event, { contactId, visitorId: body.visitorId })] : []),
          ],
        }),
      );
      break;
    } catch (error) {
      // Another request changed the contact between the read and the write: read again (a few times at most).
      if (!isTransactionConditionFailure(error) || attempt >= 3) throw error;
      if (!asVisitor) throw tokenRequired();
    }
  }
  await markLeadQualified(tenant, contactId, body.visitorId, body.score ?? 0);
  // The conversation's first lead converts the bot it ran (A/B figures).
  if (conversation?.botId && !conversation.contactId) await countBot(tenant.tenantId, conversation.botId, conversation.variant, 'converted');
  return { contactId };
}

const LEAD_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'company', 'consentMarketing'] as const;

/** Whether a resend changes what a receiver sees (a plain resend sends no `lead.updated`). */
function leadChanged(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  return LEAD_FIELDS.some((f) => before[f] !== after[f]) || JSON.stringify(before.answers ?? []) !== JSON.stringify(after.answers ?? []);
}
