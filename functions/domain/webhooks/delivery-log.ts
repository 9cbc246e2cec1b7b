import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/dynamo';
import { notFound } from '../../lib/errors';
import { ConditionFailed, conditionally, queryPages, updateExpression } from '../../lib/store';
import { TTL_ATTRIBUTE, TenantKeys, WorkQueues } from '../../lib/table-keys';
import { OUTBOX_DAYS } from '../outbox';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped';

/** One event's delivery to one endpoint, with what its last attempt met. */
export interface Delivery {
  PK: string;
  SK: string;
  deliveryId: string;
  tenantId: string;
  webhookId: string;
  eventId: string;
  type: string;
  subject: string;
  eventAt: string;
  status: DeliveryStatus;
  attempts: number;
  responseStatus?: number;
  error?: string;
  createdAt: string;
  lastAttemptAt?: string;
  nextAttemptAt?: string;
  claimedUntil?: number;
}

/** A worker holds a delivery this long; one that dies mid-attempt releases it by time. */
const CLAIM_MS = 60_000;
/** Retries end within ~3.2 days: earlier deliveries still pending can only be this much older. */
const PENDING_HORIZON_MS = 4 * 86_400_000;

/** `deliveryId` is the sort key in URL-safe form: the event's time in ms, then its id. */
const sortKey = (eventAt: string, eventId: string) => TenantKeys.delivery('', '', eventAt, eventId).SK;
export const deliveryIdOf = (eventAt: string, eventId: string) => `${Date.parse(eventAt)}-${eventId}`;
function keyOfDeliveryId(tenantId: string, webhookId: string, deliveryId: string) {
  const cut = deliveryId.indexOf('-');
  const ms = Number(deliveryId.slice(0, cut));
  if (cut < 0 || !Number.isSafeInteger(ms)) throw notFound('Delivery');
  return TenantKeys.delivery(tenantId, webhookId, new Date(ms).toISOString(), deliveryId.slice(cut + 1));
}

/** Files an event for an endpoint (once: a repeated fan-out changes nothing), due at `dueAt`. */
export async function createDelivery(
  input: { tenantId: string; webhookId: string; eventId: string; type: string; subject: string; eventAt: string },
  dueAt = new Date().toISOString(),
): Promise<Delivery | undefined> {
  const key = TenantKeys.delivery(input.tenantId, input.webhookId, input.eventAt, input.eventId);
  const delivery: Delivery = {
    ...key,
    ...input,
    deliveryId: deliveryIdOf(input.eventAt, input.eventId),
    status: 'pending',
    attempts: 0,
    createdAt: new Date().toISOString(),
    nextAttemptAt: dueAt,
  };
  try {
    await conditionally(
      db().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...delivery,
            ...WorkQueues.due(dueAt, key.PK, key.SK),
            entity: 'delivery',
            [TTL_ATTRIBUTE]: Math.floor(Date.now() / 1000) + OUTBOX_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
    return delivery;
  } catch (error) {
    if (error instanceof ConditionFailed) return undefined;
    throw error;
  }
}

/** Takes a pending delivery for one attempt; undefined when it is done or another worker holds it. */
export async function claimDelivery(key: { PK: string; SK: string }, now = Date.now()): Promise<Delivery | undefined> {
  try {
    const out = await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { PK: key.PK, SK: key.SK },
          UpdateExpression: 'SET claimedUntil = :until',
          ConditionExpression: '#s = :pending AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':until': now + CLAIM_MS, ':now': now, ':pending': 'pending' },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return out.Attributes as Delivery;
  } catch (error) {
    if (error instanceof ConditionFailed) return undefined;
    throw error;
  }
}

/** An earlier delivery of the same subject to the same endpoint that is still pending: this one waits for it. */
export async function earlierPending(d: Delivery): Promise<Delivery | undefined> {
  const from = sortKey(new Date(Date.parse(d.eventAt) - PENDING_HORIZON_MS).toISOString(), '');
  for await (const page of queryPages({
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    FilterExpression: 'subject = :subject AND #s = :pending',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':pk': d.PK, ':from': from, ':to': d.SK, ':subject': d.subject, ':pending': 'pending' },
  })) {
    const earlier = page.find((i) => i.SK !== d.SK);
    if (earlier) return earlier as unknown as Delivery;
  }
  return undefined;
}

/**
 * Records an attempt's outcome and releases the claim. A pending delivery
 * stays in the due queue at `nextAttemptAt`; a finished one leaves it.
 */
export async function recordOutcome(
  d: Delivery,
  outcome: { status: DeliveryStatus; attempted: boolean; responseStatus?: number | undefined; error?: string | undefined; nextAttemptAt?: string | undefined },
): Promise<void> {
  const now = new Date().toISOString();
  const pending = outcome.status === 'pending' && outcome.nextAttemptAt;
  const parts = updateExpression({
    set: {
      status: outcome.status,
      ...(outcome.attempted ? { lastAttemptAt: now } : {}),
      ...(pending ? { nextAttemptAt: outcome.nextAttemptAt, ...WorkQueues.due(String(outcome.nextAttemptAt), d.PK, d.SK) } : {}),
      responseStatus: outcome.responseStatus,
      error: outcome.error,
    },
    add: outcome.attempted ? { attempts: 1 } : {},
  });
  const removals = [
    'claimedUntil',
    ...(pending ? [] : ['GSI1PK', 'GSI1SK', 'nextAttemptAt']),
    ...(outcome.responseStatus === undefined ? ['responseStatus'] : []),
    ...(outcome.error === undefined ? ['#err'] : []),
  ];
  // Never recreates a delivery deleted meanwhile (its tenant closed).
  await conditionally(
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { PK: d.PK, SK: d.SK },
        ...parts,
        UpdateExpression: `${parts.UpdateExpression} REMOVE ${removals.join(', ')}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { ...parts.ExpressionAttributeNames, ...(outcome.error === undefined ? { '#err': 'error' } : {}) },
      }),
    ),
  ).catch((error: unknown) => {
    if (!(error instanceof ConditionFailed)) throw error;
  });
}

/** Puts a finished delivery back in the queue, due now, for another attempt (manual redelivery). */
export async function requeueDelivery(tenantId: string, webhookId: string, deliveryId: string): Promise<Delivery> {
  const key = keyOfDeliveryId(tenantId, webhookId, deliveryId);
  const now = new Date().toISOString();
  try {
    const out = await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'SET #s = :pending, nextAttemptAt = :now, GSI1PK = :qpk, GSI1SK = :qsk, attempts = :zero REMOVE claimedUntil',
          ConditionExpression: 'attribute_exists(PK) AND #s <> :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':now': now,
            ':zero': 0,
            ':qpk': WorkQueues.duePartition,
            ':qsk': WorkQueues.due(now, key.PK, key.SK).GSI1SK,
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return out.Attributes as Delivery;
  } catch (error) {
    if (error instanceof ConditionFailed) throw notFound('Finished delivery');
    throw error;
  }
}

export async function getDelivery(key: { PK: string; SK: string }): Promise<Delivery | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return Item as Delivery | undefined;
}

/** An endpoint's delivery log, newest first. */
export async function listDeliveries(tenantId: string, webhookId: string, limit = 100): Promise<Delivery[]> {
  const out: Delivery[] = [];
  for await (const page of queryPages(
    {
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': TenantKeys.deliveryPartition(tenantId, webhookId) },
      ScanIndexForward: false,
    },
    limit,
  )) {
    out.push(...(page as unknown as Delivery[]));
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}
