import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/dynamo';
import { queryAll } from '../../lib/store';
import { TTL_ATTRIBUTE, TenantKeys } from '../../lib/table-keys';

export type ActivityKind = 'leads' | 'erasures';

/** Counts, per hour, what alerts and digests report; kept 40 days. Answers the hour's new count. */
export async function countActivity(tenantId: string, kind: ActivityKind, at: string): Promise<number> {
  const out = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: TenantKeys.activityHour(tenantId, at),
      UpdateExpression: 'SET entity = :e, #ttl = :ttl ADD #k :one',
      ExpressionAttributeNames: { '#k': kind, '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':e': 'activity', ':ttl': Math.floor(Date.parse(at) / 1000) + 40 * 86_400, ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(out.Attributes?.[kind] ?? 0);
}

/** A day's totals (`yyyy-mm-dd`, UTC). */
export async function dayActivity(tenantId: string, day: string): Promise<Record<ActivityKind, number>> {
  const hours = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': TenantKeys.activityDayPartition(tenantId, day) },
  });
  return {
    leads: hours.reduce((n, h) => n + Number(h.leads ?? 0), 0),
    erasures: hours.reduce((n, h) => n + Number(h.erasures ?? 0), 0),
  };
}
