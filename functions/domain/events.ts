import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CollectBody, CollectEvent } from '../../shared/schemas/ingest';
import { db, isConditionalCheckFailed, tableName } from '../lib/dynamo';
import { TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
import { type ClientInfo, expiryFor, utmFromUrl } from './client-info';
import type { Tenant } from './tenants';

export interface CollectResult {
  accepted: number;
  duplicates: number;
}

/**
 * Stores a batch of events, each with a conditional put on its client id: a
 * resent event is counted as a duplicate, never stored twice, and a batch cut
 * short by a fault can simply be sent again.
 */
export async function recordEvents(tenant: Tenant, body: CollectBody, visitorId: string, client: ClientInfo): Promise<CollectResult> {
  const receivedAt = new Date().toISOString();
  const outcomes = await Promise.allSettled(body.events.map((event) => putEvent(tenant, event, visitorId, body.sessionId, client, receivedAt)));
  const failure = outcomes.find((o) => o.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  const accepted = outcomes.filter((o) => o.status === 'fulfilled' && o.value).length;
  const duplicates = body.events.length - accepted;
  if (accepted > 0) await touchSession(tenant, body, visitorId, client, receivedAt, accepted);
  return { accepted, duplicates };
}

async function putEvent(tenant: Tenant, event: CollectEvent, visitorId: string, sessionId: string, client: ClientInfo, receivedAt: string): Promise<boolean> {
  const { id, ...fields } = event;
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...TenantKeys.event(tenant.tenantId, visitorId, id),
          ...TenantKeys.eventStream(tenant.tenantId, event.ts, id),
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
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** Keeps the session and visitor records current (first/last seen, counts). */
async function touchSession(tenant: Tenant, body: CollectBody, visitorId: string, client: ClientInfo, now: string, accepted: number): Promise<void> {
  const first = body.events.reduce((min, e) => (e.ts < min ? e.ts : min), body.events[0]!.ts);
  const landing = body.events.find((e) => e.type === 'page_view');
  const expiresAt = expiryFor(tenant, now);
  await Promise.all([
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: TenantKeys.session(tenant.tenantId, visitorId, body.sessionId),
        UpdateExpression:
          'SET entity = :entity, sessionId = :sid, visitorId = :vid, startedAt = if_not_exists(startedAt, :first), lastSeenAt = :now, landingUrl = if_not_exists(landingUrl, :landing), referrer = if_not_exists(referrer, :referrer), #ttl = :ttl ADD eventCount :n',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':entity': 'session',
          ':sid': body.sessionId,
          ':vid': visitorId,
          ':first': first,
          ':now': now,
          ':landing': landing?.url ?? body.events[0]!.url,
          ':referrer': (landing && 'referrer' in landing ? landing.referrer : undefined) ?? '',
          ':ttl': expiresAt,
          ':n': accepted,
        },
      }),
    ),
    touchVisitor(tenant, visitorId, client, now),
  ]);
}

export async function touchVisitor(tenant: Tenant, visitorId: string, client: ClientInfo, now: string): Promise<void> {
  const names: Record<string, string> = { '#ttl': TTL_ATTRIBUTE };
  const values: Record<string, unknown> = { ':entity': 'visitor', ':vid': visitorId, ':now': now, ':ttl': expiryFor(tenant, now) };
  const sets = ['entity = :entity', 'visitorId = :vid', 'firstSeenAt = if_not_exists(firstSeenAt, :now)', 'lastSeenAt = :now', '#ttl = :ttl'];
  for (const [k, v] of Object.entries(client)) {
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: TenantKeys.visitor(tenant.tenantId, visitorId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}
