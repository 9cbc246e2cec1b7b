import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../lib/dynamo';
import { ConditionFailed, conditionally } from '../lib/store';
import { tooManyRequests } from '../lib/errors';
import { TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
import { config } from '../lib/config';

export interface RateState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
}

/** Requests per minute: per secret API key, and per site for the widget's public routes. */
export const rateLimits = {
  perKey: config.rateLimitPerKey,
  perSite: config.rateLimitPerSite,
};

export function rateHeaders(state: RateState): Record<string, string> {
  return { 'RateLimit-Limit': String(state.limit), 'RateLimit-Remaining': String(state.remaining), 'RateLimit-Reset': String(state.reset) };
}

const WINDOW_MS = 60_000;

/** Final counts of past windows, read once per instance: a window that is over no longer changes. */
const pastCounts = new Map<string, number>();

async function countOfWindow(tenantId: string, subject: string, minute: number): Promise<number> {
  const key = `${tenantId}|${subject}|${minute}`;
  const cached = pastCounts.get(key);
  if (cached !== undefined) return cached;
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.rateWindow(tenantId, subject, minute) }));
  const count = Number(Item?.count ?? 0);
  if (pastCounts.size > 10_000) pastCounts.clear();
  pastCounts.set(key, count);
  return count;
}

/** The counter a failed condition saw (the raw item DynamoDB returns with the failure). */
function countIn(item: Record<string, unknown> | undefined): number | undefined {
  const count = (item as { count?: { N?: string } | number } | undefined)?.count;
  const value = typeof count === 'object' ? Number(count.N) : Number(count);
  return Number.isFinite(value) ? value : undefined;
}

/** Seconds until one more request fits, given `current` requests in this window so far. */
function secondsUntilRoom(limit: number, previous: number, current: number, elapsed: number): number {
  const fraction = previous > 0 && current < limit ? 1 - (limit - current - 1) / previous : 1;
  return Math.min(60, Math.max(1, Math.ceil((fraction - elapsed) * 60)));
}

/**
 * Counts one request against `subject`'s sliding one-minute window, shared
 * by every Lambda instance. The window is the current minute's counter plus
 * the previous minute's, weighted by how much of it still overlaps the last
 * 60 seconds, so no burst gets twice the limit across a minute boundary.
 * Per request that is one atomic conditional `ADD` on the current counter
 * (the previous one is read once per minute and instance); counters expire
 * with TTL. Past the limit: 429 with Retry-After.
 */
export async function takeRequest(tenantId: string, subject: string, limit: number, now = Date.now()): Promise<RateState> {
  const minute = Math.floor(now / WINDOW_MS);
  const elapsed = (now - minute * WINDOW_MS) / WINDOW_MS;
  const previous = await countOfWindow(tenantId, subject, minute - 1);
  // What the current minute may hold right now, after the previous minute's weighted share.
  const cap = limit - Math.floor(previous * (1 - elapsed));
  const reset = Math.max(1, Math.ceil((1 - elapsed) * 60));
  const refuse = (current: number) => tooManyRequests(secondsUntilRoom(limit, previous, current, elapsed), rateHeaders({ limit, remaining: 0, reset }));
  if (cap <= 0) throw refuse(limit);
  try {
    const out = await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: TenantKeys.rateWindow(tenantId, subject, minute),
          UpdateExpression: 'SET entity = :entity, #ttl = :ttl ADD #count :one',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :cap',
          ExpressionAttributeNames: { '#count': 'count', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':entity': 'rateWindow', ':ttl': (minute + 5) * 60, ':one': 1, ':cap': cap },
          ReturnValues: 'UPDATED_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    return { limit, remaining: Math.max(0, cap - Number(out.Attributes?.count ?? cap)), reset };
  } catch (error) {
    if (error instanceof ConditionFailed) throw refuse(countIn(error.item) ?? limit);
    throw error;
  }
}
