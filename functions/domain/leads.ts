import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LeadBody } from '../../shared/schemas/ingest';
import { db, tableName } from '../lib/dynamo';
import { ConditionFailed, conditionally, updateExpression } from '../lib/store';
import { derivedId } from '../lib/ids';
import { TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
import { type ClientInfo, expiryFor, utmFromUrl } from './client-info';
import { countBot } from './bot-stats';
import { conversationOfVisitor } from './conversations';
import { markLeadQualified } from './lead-scoring';
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
  await conditionally(
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: TenantKeys.contact(tenant.tenantId, contactId),
        // The first capture's time stays: a resend or correction keeps the lead where it was listed.
        ...updateExpression({ set: { ...attributes, GSI1PK: stream.GSI1PK }, keep: { createdAt: now, GSI1SK: stream.GSI1SK } }),
        ...(asVisitor ? {} : { ConditionExpression: 'attribute_not_exists(PK)' }),
      }),
    ),
  ).catch((error: unknown) => {
    throw error instanceof ConditionFailed ? tokenRequired() : error;
  });
  await markLeadQualified(tenant, contactId, body.score ?? 0);
  // The conversation's first lead converts the bot it ran (A/B figures).
  if (conversation?.botId && !conversation.contactId) await countBot(tenant.tenantId, conversation.botId, conversation.variant, 'converted');
  if (conversation) {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: TenantKeys.conversation(tenant.tenantId, conversation.conversationId),
        UpdateExpression: 'SET contactId = :c',
        ExpressionAttributeValues: { ':c': contactId },
      }),
    );
  }
  return { contactId };
}
