import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/dynamo';
import { log } from '../../lib/log';
import { ConditionFailed, conditionally, duePages, queryPages } from '../../lib/store';
import { TenantKeys, WorkQueues } from '../../lib/table-keys';
import { notifyTeam } from '../notifications/on-event';
import { type OutboxEvent, outboxEventOf } from '../outbox';
import { attemptDelivery } from './attempt';
import { createDelivery } from './delivery-log';
import { listWebhooks } from './endpoints';

/**
 * The delivery worker. In AWS, DynamoDB Streams hands each new outbox item
 * to `fanOut` (the `outbox-stream` function) and a job every minute runs
 * `runDueDeliveries` and `drainOutbox` (for anything the stream could not
 * take); locally `local/delivery-worker.ts` runs both every half second.
 * Every step is idempotent and claimed, so several workers may run at once.
 */

/**
 * Files the event for every enabled endpoint subscribed to its type, takes
 * it off the outbox queue, tells the team (mail, counts, alerts) and
 * attempts each delivery once.
 */
export async function fanOut(event: OutboxEvent): Promise<void> {
  const endpoints = (await listWebhooks(event.tenantId)).filter((w) => w.enabled && w.events.includes(event.type));
  const created = await Promise.all(
    endpoints.map((w) =>
      createDelivery({ tenantId: event.tenantId, webhookId: w.id, eventId: event.eventId, type: event.type, subject: event.subject, eventAt: event.createdAt }),
    ),
  );
  if (!(await doneWithOutboxEvent(event))) return;
  await notifyTeam(event).catch((error: unknown) => log.warn('team notifications failed', { error, eventId: event.eventId }));
  for (const d of created) if (d) await attemptDelivery(d);
}

/** Takes the event off the outbox queue; false when it is gone (its tenant closed meanwhile): then nothing more is done. */
async function doneWithOutboxEvent(event: OutboxEvent): Promise<boolean> {
  try {
    await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: TenantKeys.outboxEvent(event.tenantId, event.eventId),
          UpdateExpression: 'SET fannedOutAt = :now REMOVE GSI1PK, GSI1SK',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':now': new Date().toISOString() },
        }),
      ),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed) return false;
    throw error;
  }
}

/** Items are worked on this many at a time: order per contact holds anyway (a later delivery waits for an earlier pending one). */
const PARALLEL = 8;

async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** Claims an outbox event for fan-out (another worker may be on it). */
async function claimOutboxEvent(item: Record<string, unknown>, now = Date.now()): Promise<boolean> {
  try {
    await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: 'SET claimedUntil = :until',
          ConditionExpression: 'attribute_exists(GSI1PK) AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
          ExpressionAttributeValues: { ':until': now + 60_000, ':now': now },
        }),
      ),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed) return false;
    throw error;
  }
}

/** Claims an outbox item and fans it out; false when another worker has it or it is done. Failures stay queued. */
export async function takeOutboxItem(item: Record<string, unknown>): Promise<boolean> {
  if (!(await claimOutboxEvent(item))) return false;
  await fanOut(outboxEventOf(item)).catch((error: unknown) => log.warn('outbox fan-out failed; retried later', { error, eventId: item.eventId }));
  return true;
}

/** Fans out outbox events still queued (oldest first), up to `limit`; `olderThanMs` leaves the newest to the stream. */
export async function drainOutbox(options: { limit?: number; olderThanMs?: number } = {}): Promise<number> {
  const before = new Date(Date.now() - (options.olderThanMs ?? 0)).toISOString();
  let done = 0;
  for await (const page of queryPages(
    {
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :q AND GSI1SK < :before',
      ExpressionAttributeValues: { ':q': WorkQueues.outboxPartition, ':before': before },
    },
    options.limit ?? 100,
  )) {
    await inParallel(page, async (item) => {
      if (await takeOutboxItem(item)) done++;
    });
    if (done >= (options.limit ?? 100)) break;
  }
  return done;
}

/** Attempts every delivery whose next attempt is due, oldest first, up to `limit`. */
export async function runDueDeliveries(options: { limit?: number } = {}): Promise<number> {
  let attempted = 0;
  for await (const page of duePages(WorkQueues.duePartition, new Date(), options.limit ?? 100)) {
    await inParallel(page, async (item) => {
      await attemptDelivery({ PK: String(item.PK), SK: String(item.SK) }).catch((error: unknown) =>
        log.warn('webhook attempt failed; retried later', { error, deliveryId: item.deliveryId }),
      );
      attempted++;
    });
    if (attempted >= (options.limit ?? 100)) break;
  }
  return attempted;
}
