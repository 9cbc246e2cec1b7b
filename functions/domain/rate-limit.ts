import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../lib/dynamo';
import { ConditionFailed, conditionally } from '../lib/store';
import { tooManyRequests } from '../lib/errors';
import { type ItemKey, TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
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

/** An item's window: the minute it counts, its count so far, and the final count of the minute before. */
const WINDOW_NAMES = { '#minute': 'rateMinute', '#count': 'rateCount', '#previous': 'ratePrevious' };

/**
 * What must hold of an item that is counted but never created by counting
 * (an API key): its condition, and the same test of the item a failed
 * condition saw, so a refusal tells a bad credential (`denied`) from a full window.
 */
export interface Guard {
  condition: string;
  values: Record<string, unknown>;
  passes(item: Record<string, unknown> | undefined): boolean;
  denied(): Error;
}

/** Per instance: the previous minute's final count, as last seen on each item (a minute that is over no longer changes). */
const knownPrevious = new Map<string, { minute: number; previous: number }>();

/** Seconds until one more request fits, given `current` requests in this window so far. */
function secondsUntilRoom(limit: number, previous: number, current: number, elapsed: number): number {
  const fraction = previous > 0 && current < limit ? 1 - (limit - current - 1) / previous : 1;
  return Math.min(60, Math.max(1, Math.ceil((fraction - elapsed) * 60)));
}

/**
 * Counts one request on `key`'s sliding one-minute window, shared by every
 * Lambda instance. The window is the current minute's count plus the
 * previous minute's, weighted by how much of it still overlaps the last 60
 * seconds, so no burst gets twice the limit across a minute boundary. Both
 * counts live on one item, so a request is one conditional `ADD`: on
 * condition that the item is in this minute, holds the previous count this
 * instance assumed, and is under the cap that count leaves. A failed
 * condition returns the item, which says what to do instead: refuse (the
 * window is full, or the guard fails), learn the previous count, or roll the
 * window into this minute (once a minute per item). A refused request writes
 * nothing. Returns the window's state and the item as written.
 */
export async function countRequest(input: {
  key: ItemKey;
  limit: number;
  now?: number;
  guard?: Guard;
  /** Attributes set with each counted request. */
  set?: Record<string, unknown>;
}): Promise<{ rate: RateState; item: Record<string, unknown> }> {
  const { key, limit, guard } = input;
  const now = input.now ?? Date.now();
  let minute = Math.floor(now / WINDOW_MS);
  let elapsed = (now - minute * WINDOW_MS) / WINDOW_MS;
  const id = `${key.PK}|${key.SK}`;
  const known = knownPrevious.get(id);
  let previous = known?.minute === minute ? known.previous : 0;
  /** Undefined: count within `minute`; null: the item has no window yet; a number: roll the window over from that minute. */
  let rollFrom: number | null | undefined;
  const sets = Object.entries(input.set ?? {});
  const setNames = Object.fromEntries(sets.map(([name], i) => [`#s${i}`, name]));
  const setValues = Object.fromEntries(sets.map(([, value], i) => [`:s${i}`, value]));
  const setClause = sets.map((_, i) => `, #s${i} = :s${i}`).join('');
  const updateInMinute = `ADD #count :one${sets.length ? ` SET ${setClause.slice(2)}` : ''}`;
  const updateRollOver = `SET #minute = :minute, #count = :one, #previous = :previous${setClause}`;

  for (let attempt = 0; attempt < 6; attempt++) {
    const cap = limit - Math.floor(previous * (1 - elapsed));
    const reset = Math.max(1, Math.ceil((1 - elapsed) * 60));
    const refuse = (current: number) => tooManyRequests(secondsUntilRoom(limit, previous, current, elapsed), rateHeaders({ limit, remaining: 0, reset }));
    const inMinute = rollFrom === undefined;
    // A guarded item is checked by DynamoDB even when full, so a bad credential is told apart from a full window
    // (a roll-over comes after a failed condition whose item passed the guard).
    if (cap <= 0 && (!guard || !inMinute)) throw refuse(limit);
    const windowCondition = inMinute
      ? '#minute = :minute AND #previous = :previous AND #count < :cap'
      : rollFrom === null
        ? 'attribute_not_exists(#minute)'
        : '#minute = :from';
    try {
      const out = await conditionally(
        db().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: key,
            UpdateExpression: inMinute ? updateInMinute : updateRollOver,
            ConditionExpression: guard ? `(${guard.condition}) AND ${windowCondition}` : windowCondition,
            ExpressionAttributeNames: { ...WINDOW_NAMES, ...setNames },
            ExpressionAttributeValues: {
              ':minute': minute,
              ':one': 1,
              ':previous': previous,
              ...(inMinute ? { ':cap': cap } : {}),
              ...(typeof rollFrom === 'number' ? { ':from': rollFrom } : {}),
              ...guard?.values,
              ...setValues,
            },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
      remember(id, minute, previous);
      const item = out.Attributes ?? {};
      return { rate: { limit, remaining: Math.max(0, cap - Number(item.rateCount ?? cap)), reset }, item };
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
      const old = error.item;
      if (guard && !guard.passes(old)) throw guard.denied();
      const oldMinute = old?.rateMinute;
      const oldCount = Number(old?.rateCount ?? 0);
      const oldPrevious = Number(old?.ratePrevious ?? 0);
      if (typeof oldMinute !== 'number') {
        rollFrom = null;
        previous = 0;
        continue;
      }
      if (oldMinute >= minute) {
        if (inMinute && oldMinute === minute && oldPrevious === previous) throw refuse(oldCount);
        if (oldMinute > minute) {
          // Another instance's clock is already in the next minute: count there, from its start.
          minute = oldMinute;
          elapsed = 0;
        }
        previous = oldPrevious;
        remember(id, minute, previous);
        rollFrom = undefined;
        continue;
      }
      previous = oldMinute === minute - 1 ? oldCount : 0;
      remember(id, minute, previous);
      rollFrom = oldMinute;
    }
  }
  // Only a storm of concurrent roll-overs gets here; the caller may retry.
  throw tooManyRequests(1, rateHeaders({ limit, remaining: 0, reset: 1 }));
}

function remember(id: string, minute: number, previous: number): void {
  if (knownPrevious.size > 10_000) knownPrevious.clear();
  knownPrevious.set(id, { minute, previous });
}

/**
 * Counts one request against `subject`'s window (a site, a signed-in person),
 * on a counter item of its own that expires by TTL a few minutes after its
 * last request. Past the limit: 429 with Retry-After.
 */
export async function takeRequest(tenantId: string, subject: string, limit: number, now = Date.now()): Promise<RateState> {
  const minute = Math.floor(now / WINDOW_MS);
  const { rate } = await countRequest({
    key: TenantKeys.rateWindow(tenantId, subject),
    limit,
    now,
    set: { entity: 'rateWindow', [TTL_ATTRIBUTE]: (minute + 5) * 60 },
  });
  return rate;
}
