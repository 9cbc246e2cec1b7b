import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../lib/dynamo';
import { isTransactionConditionFailure } from '../lib/store';
import { TenantKeys } from '../lib/table-keys';
import { outboxPut } from './outbox';
import type { Tenant } from './tenants';

/** The score at which a tenant's leads count as qualified. */
export const qualifyThreshold = (tenant: Tenant): number => tenant.settings.qualifyScore ?? 50;

/**
 * Marks a captured lead qualified once its score reaches the tenant's
 * threshold, storing `qualifiedAt`. A lead is qualified once: a later
 * capture with a lower score keeps it. Answers true only the first time,
 * which is where the `lead.qualified` notification belongs.
 */
export async function markLeadQualified(tenant: Tenant, contactId: string, visitorId: string, score: number, at = new Date()): Promise<boolean> {
  if (score < qualifyThreshold(tenant)) return false;
  try {
    // `lead.qualified` is written with the mark, in one transaction: exactly once per lead.
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: TenantKeys.contact(tenant.tenantId, contactId),
              UpdateExpression: 'SET qualifiedAt = :at, qualifiedScore = :s',
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(qualifiedAt)',
              ExpressionAttributeValues: { ':at': at.toISOString(), ':s': score },
            },
          },
          outboxPut(tenant.tenantId, 'lead.qualified', { contactId, visitorId, score, at: at.toISOString() }, at),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isTransactionConditionFailure(error)) return false;
    throw error;
  }
}
