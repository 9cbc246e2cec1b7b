import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LeadBody } from '../../shared/schemas/ingest';
import { db, isConditionalCheckFailed, tableName } from '../lib/dynamo';
import { derivedId } from '../lib/ids';
import { TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
import { type ClientInfo, expiryFor, utmFromUrl } from './client-info';
import { conversationOfVisitor } from './conversations';
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
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':now': now, ':gsi1pk': TenantKeys.leadStream(tenant.tenantId, now, contactId).GSI1PK };
  const sets = Object.entries(attributes).map(([k, v], i) => {
    names[`#a${i}`] = k;
    values[`:a${i}`] = v;
    return `#a${i} = :a${i}`;
  });
  sets.push('createdAt = if_not_exists(createdAt, :now)', 'GSI1PK = :gsi1pk', 'GSI1SK = if_not_exists(GSI1SK, :gsi1sk)');
  values[':gsi1sk'] = TenantKeys.leadStream(tenant.tenantId, now, contactId).GSI1SK;
  await db()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: TenantKeys.contact(tenant.tenantId, contactId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ...(asVisitor ? {} : { ConditionExpression: 'attribute_not_exists(PK)' }),
      }),
    )
    .catch((error: unknown) => {
      if (isConditionalCheckFailed(error)) throw tokenRequired();
      throw error;
    });
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
