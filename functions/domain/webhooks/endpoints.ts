import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { WebhookEventType } from '../../../shared/schemas/webhooks';
import { config } from '../../lib/config';
import { db, tableName } from '../../lib/dynamo';
import { ApiError, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { AddressRefused, checkUrlForm, resolveAllowed } from '../../lib/outbound-http';
import { openSecret, sealSecret } from '../../lib/sealed';
import { ConditionFailed, conditionally, queryAll, updateExpression } from '../../lib/store';
import { TenantKeys } from '../../lib/table-keys';

/** How long the previous secret still signs after a rotation, so receivers can switch without missing a delivery. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string;
  enabled: boolean;
  disabledReason?: 'gone' | 'failing' | 'manual';
  createdAt: string;
  previousSecretUntil?: string;
}

/** A stored endpoint with its sealed secrets (never leaves the domain). */
export interface StoredWebhook extends Webhook {
  secretSealed: string;
  previousSecretSealed?: string;
}

/** A signing secret as Standard Webhooks writes it: `whsec_` + base64 of 32 random bytes. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const seal = (tenantId: string, secret: string) => sealSecret(tenantId, 'webhook-secret', secret);

/** Refuses a URL the delivery guard would refuse (400 `invalid_webhook_url`), resolving its name once. */
export async function assertDeliverableUrl(raw: string): Promise<void> {
  const allowLocal = config.webhooksAllowLocal();
  try {
    await resolveAllowed(checkUrlForm(raw, allowLocal), allowLocal);
  } catch (error) {
    if (error instanceof AddressRefused) throw new ApiError(400, 'invalid_webhook_url', error.message, [{ path: 'url', message: error.message }]);
    throw error;
  }
}

export function publicWebhook(w: StoredWebhook | Record<string, unknown>): Webhook {
  const i = w as StoredWebhook;
  const until = i.previousSecretUntil && Date.parse(i.previousSecretUntil) > Date.now() ? i.previousSecretUntil : undefined;
  return {
    id: i.id,
    url: i.url,
    events: i.events,
    description: i.description ?? '',
    enabled: i.enabled,
    ...(i.disabledReason && !i.enabled ? { disabledReason: i.disabledReason } : {}),
    createdAt: i.createdAt,
    ...(until ? { previousSecretUntil: until } : {}),
  };
}

export async function createWebhook(tenantId: string, input: { url: string; events: WebhookEventType[]; description?: string | undefined }) {
  await assertDeliverableUrl(input.url);
  const secret = newSecret();
  const webhook: StoredWebhook = {
    id: newId('wh'),
    url: input.url,
    events: [...new Set(input.events)],
    description: input.description ?? '',
    enabled: true,
    createdAt: new Date().toISOString(),
    secretSealed: seal(tenantId, secret),
  };
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...TenantKeys.webhook(tenantId, webhook.id), entity: 'webhook', ...webhook },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  return { ...publicWebhook(webhook), secret };
}

export async function listWebhooks(tenantId: string): Promise<StoredWebhook[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :w)',
    ExpressionAttributeValues: { ':pk': TenantKeys.profile(tenantId).PK, ':w': 'WEBHOOK#' },
  });
  return items as unknown as StoredWebhook[];
}

export async function getWebhook(tenantId: string, id: string): Promise<StoredWebhook> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.webhook(tenantId, id), ConsistentRead: true }));
  if (!Item) throw notFound('Webhook');
  return Item as StoredWebhook;
}

async function updateWebhook(tenantId: string, id: string, set: Record<string, unknown>, remove: string[] = []): Promise<StoredWebhook> {
  const parts = updateExpression({ set });
  const removal = remove.length ? ` REMOVE ${remove.join(', ')}` : '';
  try {
    const out = await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: TenantKeys.webhook(tenantId, id),
          ...parts,
          UpdateExpression: `${parts.UpdateExpression}${removal}`,
          ConditionExpression: 'attribute_exists(PK)',
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return out.Attributes as StoredWebhook;
  } catch (error) {
    throw error instanceof ConditionFailed ? notFound('Webhook') : error;
  }
}

/** Changes the URL, events, description or enabled state; turning an endpoint on clears why it was off. */
export async function changeWebhook(
  tenantId: string,
  id: string,
  change: { url?: string | undefined; events?: WebhookEventType[] | undefined; enabled?: boolean | undefined; description?: string | undefined },
): Promise<Webhook> {
  if (change.url !== undefined) await assertDeliverableUrl(change.url);
  const set = {
    url: change.url,
    events: change.events ? [...new Set(change.events)] : undefined,
    description: change.description,
    enabled: change.enabled,
    ...(change.enabled === false ? { disabledReason: 'manual' } : {}),
    updatedAt: new Date().toISOString(),
  };
  return publicWebhook(await updateWebhook(tenantId, id, set, change.enabled === true ? ['disabledReason'] : []));
}

/** Parley turns an endpoint off: it answered 410 Gone, or every retry of a delivery failed. */
export async function disableWebhook(tenantId: string, id: string, reason: 'gone' | 'failing'): Promise<void> {
  await updateWebhook(tenantId, id, { enabled: false, disabledReason: reason, updatedAt: new Date().toISOString() });
}

export async function deleteWebhook(tenantId: string, id: string): Promise<void> {
  try {
    await conditionally(
      db().send(new DeleteCommand({ TableName: tableName(), Key: TenantKeys.webhook(tenantId, id), ConditionExpression: 'attribute_exists(PK)' })),
    );
  } catch (error) {
    throw error instanceof ConditionFailed ? notFound('Webhook') : error;
  }
}

/** A new secret; the previous one keeps signing too for `ROTATION_OVERLAP_MS`. */
export async function rotateSecret(tenantId: string, id: string) {
  const current = await getWebhook(tenantId, id);
  const secret = newSecret();
  const previousSecretUntil = new Date(Date.now() + ROTATION_OVERLAP_MS).toISOString();
  await updateWebhook(tenantId, id, { secretSealed: seal(tenantId, secret), previousSecretSealed: current.secretSealed, previousSecretUntil });
  return { id, secret, previousSecretUntil };
}

/** The secrets that sign a delivery now: the current one, and the previous one during a rotation's overlap. */
export function signingSecrets(tenantId: string, webhook: StoredWebhook, now = Date.now()): string[] {
  const secrets = [openSecret(tenantId, 'webhook-secret', webhook.secretSealed)];
  if (webhook.previousSecretSealed && webhook.previousSecretUntil && Date.parse(webhook.previousSecretUntil) > now) {
    secrets.push(openSecret(tenantId, 'webhook-secret', webhook.previousSecretSealed));
  }
  return secrets;
}
