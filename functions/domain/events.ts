import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import type { CollectBody, CollectEvent } from '../../shared/schemas/ingest';
import { getItems, putItems } from '../lib/batch-items';
import { db, tableName } from '../lib/dynamo';
import { ConditionFailed, conditionally, type UpdateParts, updateExpression } from '../lib/store';
import { type ItemKey, TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
import { type ClientInfo, expiryFor, utmFromUrl } from './captured';
import { eventBatchItem } from './event-batches';
import type { Tenant } from './tenants';
import { MAX_RETENTION_DAYS } from '../../shared/events';

export interface CollectResult {
  accepted: number;
  duplicates: number;
}

type Update = UpdateParts & { TableName: string; Key: ItemKey; ConditionExpression?: string };

/**
 * Stores a batch of events exactly once, at about one write unit per event:
 *
 * 1. one consistent `BatchGetItem` finds the events stored already (an
 *    event's key is its day, shard, time and id, so a resend under another
 *    visitor id has the same key);
 * 2. the batch item (under the visitor, listing every event of the batch, so
 *    access and erasure find them) and the session's counter are written
 *    before any event: no event is stored where a reader does not look. The
 *    counter's update is guarded by the batch's hash (`lastBatch`), so a
 *    resend of a batch cut short by a fault does not count it twice;
 * 3. the new events go in plain `BatchWriteItem`s: no transaction (which
 *    bills twice) and no index entry per event. Two requests racing with the
 *    same event write the same item under the same key, so it is stored once.
 */
export async function recordEvents(tenant: Tenant, body: CollectBody, visitorId: string, client: ClientInfo): Promise<CollectResult> {
  const receivedAt = new Date().toISOString();
  const events = uniqueById(body.events);
  const keyOf = (e: CollectEvent) => TenantKeys.event(tenant.tenantId, e.ts, e.id);
  const stored = new Set((await getItems(events.map(keyOf), { consistent: true, projection: 'PK, SK' })).map((i) => `${String(i.PK)}|${String(i.SK)}`));
  const pending = events.filter((e) => {
    const key = keyOf(e);
    return !stored.has(`${key.PK}|${key.SK}`);
  });
  const duplicates = body.events.length - pending.length;
  if (pending.length === 0) return { accepted: 0, duplicates };

  const batchHash = hashOf(events);
  // The day index, the batch item and the counter first: an event must never be stored where no reader looks.
  await Promise.all([
    markEventDays(
      tenant,
      pending.map((e) => e.ts),
    ),
    putItems([eventBatchItem(tenant, visitorId, events, batchHash)]),
    countInSession(sessionUpdate(tenant, body, visitorId, receivedAt, pending, batchHash)),
    db().send(new UpdateCommand(visitorUpdate(tenant, visitorId, client, receivedAt))),
  ]);
  await putItems(pending.map((event) => eventItem(tenant, event, visitorId, body.sessionId, client, receivedAt)));
  return { accepted: pending.length, duplicates };
}

/** Adds the batch's new events to its session, unless this batch was counted already (a resend). */
async function countInSession(update: Update): Promise<void> {
  try {
    await conditionally(db().send(new UpdateCommand(update)));
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
  }
}

function uniqueById(events: CollectEvent[]): CollectEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => !seen.has(e.id) && seen.add(e.id));
}

/** Identifies a batch by its events (ids and times, in any order). */
function hashOf(events: CollectEvent[]): string {
  const hash = createHash('sha256');
  for (const key of events.map((e) => `${e.ts}#${e.id}`).sort()) hash.update(`${key}\n`);
  return hash.digest('base64url').slice(0, 22);
}

function eventItem(tenant: Tenant, event: CollectEvent, visitorId: string, sessionId: string, client: ClientInfo, receivedAt: string) {
  const { id, ...fields } = event;
  return {
    ...TenantKeys.event(tenant.tenantId, event.ts, id),
    entity: 'event',
    eventId: id,
    visitorId,
    sessionId,
    ...fields,
    ...utmFromUrl(event.url),
    ...client,
    receivedAt,
    [TTL_ATTRIBUTE]: expiryFor(tenant, event.ts),
  };
}

/** Keeps the session current (first/last seen, landing page, count of its events). */
function sessionUpdate(tenant: Tenant, body: CollectBody, visitorId: string, now: string, events: CollectEvent[], batchHash: string): Update {
  const first = events.reduce((min, e) => (e.ts < min ? e.ts : min), events[0]!.ts);
  const landing = events.find((e) => e.type === 'page_view');
  return {
    TableName: tableName(),
    Key: TenantKeys.session(tenant.tenantId, visitorId, body.sessionId),
    ...updateExpression({
      set: { entity: 'session', sessionId: body.sessionId, visitorId, lastSeenAt: now, lastBatch: batchHash, [TTL_ATTRIBUTE]: expiryFor(tenant, now) },
      keep: { startedAt: first, landingUrl: landing?.url ?? events[0]!.url, referrer: (landing && 'referrer' in landing ? landing.referrer : undefined) ?? '' },
      add: { eventCount: events.length },
      values: { ':batch': batchHash },
    }),
    ConditionExpression: 'attribute_not_exists(lastBatch) OR lastBatch <> :batch',
  };
}

function visitorUpdate(tenant: Tenant, visitorId: string, client: ClientInfo, now: string): Update {
  return {
    TableName: tableName(),
    Key: TenantKeys.visitor(tenant.tenantId, visitorId),
    ...updateExpression({
      set: { entity: 'visitor', visitorId, lastSeenAt: now, [TTL_ATTRIBUTE]: expiryFor(tenant, now), ...client },
      keep: { firstSeenAt: now },
    }),
  };
}

export async function touchVisitor(tenant: Tenant, visitorId: string, client: ClientInfo, now: string): Promise<void> {
  await db().send(new UpdateCommand(visitorUpdate(tenant, visitorId, client, now)));
}

/** Days already marked by this instance (the marker is idempotent; this only saves writes). */
const markedDays = new Map<string, number>();
const MARK_MEMO_MS = 10 * 60 * 1000;

/**
 * Notes each day the batch has events on in the tenant's day index, so an
 * events export queries the shards of those days only, not every day since
 * the tenant was created.
 */
async function markEventDays(tenant: Tenant, timestamps: string[]): Promise<void> {
  const now = Date.now();
  const days = [...new Set(timestamps.map((ts) => ts.slice(0, 10)))].filter((d) => (markedDays.get(`${tenant.tenantId}|${d}`) ?? 0) < now - MARK_MEMO_MS);
  await Promise.all(
    days.map(async (isoDay) => {
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: TenantKeys.eventDay(tenant.tenantId, isoDay),
          // `ts` (the day's end) lets the purge drop the marker with its day under the tenant's current retention.
          UpdateExpression: 'SET entity = :entity, #day = :day, ts = :end, #ttl = :ttl',
          ExpressionAttributeNames: { '#day': 'day', '#ttl': TTL_ATTRIBUTE },
          // Outlives the day's events under any retention the tenant may later choose: a marker that
          // expired first would hide its events from every export. Past retention, the day is simply empty.
          ExpressionAttributeValues: {
            ':entity': 'eventDay',
            ':day': isoDay,
            ':end': `${isoDay}T23:59:59.999Z`,
            ':ttl': Math.floor(Date.parse(`${isoDay}T23:59:59.999Z`) / 1000) + MAX_RETENTION_DAYS * 86_400,
          },
        }),
      );
      if (markedDays.size > 10_000) markedDays.clear();
      markedDays.set(`${tenant.tenantId}|${isoDay}`, now);
    }),
  );
}
