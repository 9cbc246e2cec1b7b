import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook as Signer } from 'standardwebhooks';
import { WEBHOOK_TEST_EVENT } from '../../../shared/schemas/webhooks';
import { config } from '../../lib/config';
import { db, tableName } from '../../lib/dynamo';
import { log } from '../../lib/log';
import { AddressRefused, guardedPost } from '../../lib/outbound-http';
import { TenantKeys } from '../../lib/table-keys';
import { outboxEventOf } from '../outbox';
import { type Delivery, claimDelivery, earlierPending, recordOutcome } from './delivery-log';
import { type StoredWebhook, disableWebhook, signingSecrets } from './endpoints';
import { mailOwnersEndpointDisabled } from './failure-mail';
import { hubspotRequest, isHubSpot } from './hubspot';
import { eventData } from './payloads';
import { nextRetryDelay, retryAfterMs } from './schedule';

/** The signed request of a delivery (Standard Webhooks): the id stays the event's on every attempt. */
export function signedRequest(secrets: string[], msgId: string, body: string, at = new Date()) {
  const signature = secrets.map((secret) => new Signer(secret).sign(msgId, at, body)).join(' ');
  return { 'webhook-id': msgId, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature };
}

/** The body and headers of a delivery: signed Standard Webhooks, or HubSpot's upsert; undefined when nothing may be sent. */
async function requestOf(d: Delivery, webhook: StoredWebhook): Promise<{ body: string; headers: Record<string, string> } | undefined> {
  const signed = (body: string) => ({ body, headers: signedRequest(signingSecrets(d.tenantId, webhook), d.eventId, body) });
  if (d.type === WEBHOOK_TEST_EVENT) {
    return signed(JSON.stringify({ type: WEBHOOK_TEST_EVENT, timestamp: d.eventAt, data: { webhookId: d.webhookId, message: 'A test event from Parley' } }));
  }
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.outboxEvent(d.tenantId, d.eventId), ConsistentRead: true }));
  if (!Item) return undefined;
  const event = outboxEventOf(Item);
  const data = await eventData(event);
  if (!data) return undefined;
  return isHubSpot(webhook) ? hubspotRequest(d.tenantId, webhook, data) : signed(JSON.stringify({ type: event.type, timestamp: event.createdAt, data }));
}

async function endpointOf(d: Delivery): Promise<StoredWebhook | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.webhook(d.tenantId, d.webhookId), ConsistentRead: true }));
  return Item as StoredWebhook | undefined;
}

/**
 * One attempt at a pending delivery, if no other worker holds it and no
 * earlier event of the same subject is still pending for the endpoint.
 * 2xx: delivered. 410: the endpoint is turned off. Anything else (no answer,
 * a refused address, a redirect, 429 with its Retry-After, 5xx): tried again
 * on the schedule; once it is spent the endpoint is turned off and the
 * owners are mailed. Answers the delivery as it now stands.
 */
export async function attemptDelivery(key: { PK: string; SK: string }): Promise<Delivery | undefined> {
  const d = await claimDelivery(key);
  if (!d) return undefined;
  const webhook = await endpointOf(d);
  if (!webhook?.enabled) {
    await recordOutcome(d, { status: 'failed', attempted: false, error: 'endpoint disabled or removed' });
    return { ...d, status: 'failed' };
  }
  const blocker = d.type === WEBHOOK_TEST_EVENT ? undefined : await earlierPending(d);
  if (blocker) {
    // Wait right behind the earlier event: per-subject order.
    const after = new Date(Math.max(Date.parse(blocker.nextAttemptAt ?? '') || 0, Date.now()) + 1).toISOString();
    await recordOutcome(d, { status: 'pending', attempted: false, nextAttemptAt: after, responseStatus: d.responseStatus, error: d.error });
    return d;
  }
  const request = await requestOf(d, webhook);
  if (request === undefined) {
    await recordOutcome(d, { status: 'skipped', attempted: false, error: 'nothing to send (contact erased, restricted or without email)' });
    return { ...d, status: 'skipped' };
  }
  return send(d, webhook, request);
}

async function send(d: Delivery, webhook: StoredWebhook, request: { body: string; headers: Record<string, string> }): Promise<Delivery> {
  const attempts = d.attempts + 1;
  let status: number | undefined;
  let error: string | undefined;
  let retryAfter: number | undefined;
  try {
    const answer = await guardedPost(webhook.url, request.body, request.headers, { allowLocal: config.webhooksAllowLocal() });
    status = answer.status;
    retryAfter = status === 429 ? retryAfterMs(answer.headers['retry-after']) : undefined;
    if (status >= 300 && status < 400) error = 'redirect not followed';
  } catch (cause) {
    error = cause instanceof AddressRefused ? `address refused: ${cause.message}` : 'no answer (connection failed or timed out)';
  }
  if (status !== undefined && status >= 200 && status < 300) {
    await recordOutcome(d, { status: 'delivered', attempted: true, responseStatus: status });
    return { ...d, status: 'delivered', attempts, responseStatus: status };
  }
  if (d.type === WEBHOOK_TEST_EVENT) {
    await recordOutcome(d, { status: 'failed', attempted: true, responseStatus: status, error });
    return { ...d, status: 'failed', attempts, ...(status ? { responseStatus: status } : {}) };
  }
  if (status === 410) {
    await recordOutcome(d, { status: 'failed', attempted: true, responseStatus: status, error: 'endpoint gone (410): turned off' });
    await disableWebhook(d.tenantId, d.webhookId, 'gone');
    return { ...d, status: 'failed', attempts, responseStatus: status };
  }
  const delay = nextRetryDelay(attempts, { scale: config.webhooksDelayScale(), retryAfterMs: retryAfter });
  if (delay === undefined) {
    await recordOutcome(d, { status: 'failed', attempted: true, responseStatus: status, error: error ?? 'every retry failed: endpoint turned off' });
    await disableWebhook(d.tenantId, d.webhookId, 'failing');
    await mailOwnersEndpointDisabled(d.tenantId, webhook).catch((e: unknown) => log.warn('owners not mailed about a failing webhook', { error: e }));
    return { ...d, status: 'failed', attempts };
  }
  const nextAttemptAt = new Date(Date.now() + delay).toISOString();
  await recordOutcome(d, {
    status: 'pending',
    attempted: true,
    responseStatus: status,
    error: error ?? (status ? `answered ${status}` : undefined),
    nextAttemptAt,
  });
  return { ...d, attempts, nextAttemptAt, ...(status ? { responseStatus: status } : {}) };
}
