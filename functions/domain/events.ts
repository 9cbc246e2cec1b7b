import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CollectBody, CollectEvent } from '../../shared/schemas/ingest';
import { db, tableName } from '../lib/dynamo';
import { serviceUnavailable } from '../lib/errors';
import { type UpdateParts, updateExpression } from '../lib/store';
import { type ItemKey, TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
import { type ClientInfo, expiryFor, utmFromUrl } from './client-info';
import type { Tenant } from './tenants';
import { MAX_RETENTION_DAYS } from '../../shared/schemas/settings';

export interface CollectResult {
  accepted: number;
  duplicates: number;
}

type Update = UpdateParts & { TableName: string; Key: ItemKey };

/** Attempts at one batch when resends race it (each round drops the events another request stored). */
const MAX_ROUNDS = 4;

/**
 * Stores a batch of events exactly once. The new events and the session's
 * counter go in one transaction with a conditional put per event id: either
 * all of it is written or none, so a batch cut short by a fault is completed
 * by resending it, events already stored are counted as duplicates, and the
 * session's `eventCount` counts each event once.
 */
export async function recordEvents(tenant: Tenant, body: CollectBody, visitorId: string, client: ClientInfo): Promise<CollectResult> {
  const receivedAt = new Date().toISOString();
  let pending = uniqueById(body.events);
  // The day index first: an event must never be stored where no reader looks.
  await markEventDays(
    tenant,
    pending.map((e) => e.ts),
  );
  for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
    const puts = pending.map((event) => eventPut(tenant, event, visitorId, body.sessionId, client, receivedAt));
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            ...puts.map((Put) => ({ Put })),
            { Update: sessionUpdate(tenant, body, visitorId, receivedAt, pending) },
            { Update: visitorUpdate(tenant, visitorId, client, receivedAt) },
          ],
        }),
      );
      return { accepted: pending.length, duplicates: body.events.length - pending.length };
    } catch (error) {
      const refused = cancellation(error, pending.length);
      if (!refused) throw error;
      // Another request touched the same session at the same moment: try again shortly.
      if (refused.size === 0) await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
      pending = pending.filter((_, i) => !refused.has(i));
    }
  }
  if (pending.length > 0) throw serviceUnavailable(new Error('event batch kept conflicting with concurrent writes'));
  return { accepted: 0, duplicates: body.events.length };
}

/**
 * For a cancelled transaction: the indexes of the puts refused because the
 * event is stored already (empty when it only conflicted with a concurrent
 * transaction); undefined for any other failure.
 */
function cancellation(error: unknown, puts: number): Set<number> | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  const stored = new Set<number>();
  let conflict = false;
  reasons.forEach((r, i) => {
    if (i < puts && r.Code === 'ConditionalCheckFailed') stored.add(i);
    else if (r.Code === 'TransactionConflict') conflict = true;
  });
  return stored.size > 0 || conflict ? stored : undefined;
}

function uniqueById(events: CollectEvent[]): CollectEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => !seen.has(e.id) && seen.add(e.id));
}

function eventPut(tenant: Tenant, event: CollectEvent, visitorId: string, sessionId: string, client: ClientInfo, receivedAt: string) {
  const { id, ...fields } = event;
  return {
    TableName: tableName(),
    Item: {
      ...TenantKeys.event(tenant.tenantId, id),
      ...TenantKeys.eventStream(tenant.tenantId, event.ts, id),
      ...TenantKeys.eventByVisitor(tenant.tenantId, visitorId, event.ts, id),
      entity: 'event',
      eventId: id,
      visitorId,
      sessionId,
      ...fields,
      ...utmFromUrl(event.url),
      ...client,
      receivedAt,
      [TTL_ATTRIBUTE]: expiryFor(tenant, event.ts),
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  };
}

/** Keeps the session current (first/last seen, landing page, count of its events). */
function sessionUpdate(tenant: Tenant, body: CollectBody, visitorId: string, now: string, events: CollectEvent[]): Update {
  const first = events.reduce((min, e) => (e.ts < min ? e.ts : min), events[0]!.ts);
  const landing = events.find((e) => e.type === 'page_view');
  return {
    TableName: tableName(),
    Key: TenantKeys.session(tenant.tenantId, visitorId, body.sessionId),
    ...updateExpression({
      set: { entity: 'session', sessionId: body.sessionId, visitorId, lastSeenAt: now, [TTL_ATTRIBUTE]: expiryFor(tenant, now) },
      keep: { startedAt: first, landingUrl: landing?.url ?? events[0]!.url, referrer: (landing && 'referrer' in landing ? landing.referrer : undefined) ?? '' },
      add: { eventCount: events.length },
    }),
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
