import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionalCheckFailed, tableName } from '../lib/dynamo';
import { tooManyRequests } from '../lib/errors';
import { TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';

export interface RateState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
}

/** Requests per minute: per secret API key, and per site for the widget's public routes. */
export const rateLimits = {
  perKey: () => Number(process.env.PARLEY_RATE_LIMIT_PER_KEY ?? 500),
  perSite: () => Number(process.env.PARLEY_RATE_LIMIT_PER_SITE ?? 6_000),
};

export function rateHeaders(state: RateState): Record<string, string> {
  return { 'RateLimit-Limit': String(state.limit), 'RateLimit-Remaining': String(state.remaining), 'RateLimit-Reset': String(state.reset) };
}

/**
 * Counts one request against `subject`'s fixed one-minute window, shared by
 * every Lambda instance: one atomic conditional `ADD` on a counter item that
 * expires with TTL. Past the limit: 429 with Retry-After.
 */
export async function takeRequest(tenantId: string, subject: string, limit: number, now = Date.now()): Promise<RateState> {
  const minute = Math.floor(now / 60_000);
  const reset = Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000));
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: TenantKeys.rateWindow(tenantId, subject, minute),
        UpdateExpression: 'SET entity = :entity, #ttl = :ttl ADD #count :one',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count', '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':entity': 'rateWindow', ':ttl': (minute + 5) * 60, ':one': 1, ':limit': limit },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return { limit, remaining: Math.max(0, limit - Number(out.Attributes?.count ?? limit)), reset };
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw tooManyRequests(reset, rateHeaders({ limit, remaining: 0, reset }));
    throw error;
  }
}
