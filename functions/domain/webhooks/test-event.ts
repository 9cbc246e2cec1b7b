import { WEBHOOK_TEST_EVENT } from '../../../shared/schemas/webhooks';
import { newId } from '../../lib/ids';
import { attemptDelivery } from './attempt';
import { type Delivery, createDelivery } from './delivery-log';
import { getWebhook } from './endpoints';

/** A delivery as the API shows it: no keys, claims or queue entries. */
export function deliveryView(d: Delivery) {
  return {
    deliveryId: d.deliveryId,
    eventId: d.eventId,
    type: d.type,
    status: d.status,
    attempts: Number(d.attempts ?? 0),
    ...(d.responseStatus !== undefined ? { responseStatus: Number(d.responseStatus) } : {}),
    ...(d.error ? { error: d.error } : {}),
    createdAt: d.createdAt,
    ...(d.lastAttemptAt ? { lastAttemptAt: d.lastAttemptAt } : {}),
    ...(d.status === 'pending' && d.nextAttemptAt ? { nextAttemptAt: d.nextAttemptAt } : {}),
  };
}

/** Sends a signed `webhook.test` event to an enabled endpoint once, now, and answers the outcome (a test is never retried). */
export async function sendTestEvent(tenantId: string, webhookId: string) {
  await getWebhook(tenantId, webhookId);
  const eventId = newId('msg');
  const now = new Date();
  // Queued a minute ahead, so no worker takes it before this request does.
  const created = await createDelivery(
    { tenantId, webhookId, eventId, type: WEBHOOK_TEST_EVENT, subject: eventId, eventAt: now.toISOString() },
    new Date(now.getTime() + 60_000).toISOString(),
  );
  const outcome = created ? await attemptDelivery(created) : undefined;
  const d = outcome ?? created;
  if (!d) throw new Error('test delivery not filed');
  return { deliveryId: d.deliveryId, status: d.status, ...(d.responseStatus !== undefined ? { responseStatus: d.responseStatus } : {}) };
}
