import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../lib/config';
import { db, tableName } from '../../lib/dynamo';
import { openSecret, sealSecret } from '../../lib/sealed';
import { TenantKeys } from '../../lib/table-keys';
import type { StoredWebhook } from './endpoints';

/**
 * The HubSpot adapter: a tenant's private-app token (sealed like a webhook
 * secret) makes the worker create or update a HubSpot contact, by email, for
 * each `lead.created` and `lead.updated`, through the same deliveries,
 * retries, order and log as webhooks. It is stored as an endpoint of kind
 * `hubspot` with the fixed id `hubspot`; the public webhook list leaves it out.
 * API: `POST /crm/v3/objects/contacts/batch/upsert` with `idProperty: "email"`.
 */
export const HUBSPOT_ID = 'hubspot';
const UPSERT_PATH = '/crm/v3/objects/contacts/batch/upsert';

export async function connectHubSpot(tenantId: string, token: string): Promise<{ connected: true; connectedAt: string }> {
  const connectedAt = new Date().toISOString();
  const endpoint: StoredWebhook & { kind: 'hubspot' } = {
    id: HUBSPOT_ID,
    kind: 'hubspot',
    url: `${config.hubspotApiUrl()}${UPSERT_PATH}`,
    events: ['lead.created', 'lead.updated'],
    description: 'HubSpot contacts',
    enabled: true,
    createdAt: connectedAt,
    secretSealed: sealSecret(tenantId, 'crm-token', token),
  };
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...TenantKeys.webhook(tenantId, HUBSPOT_ID), entity: 'webhook', ...endpoint } }));
  return { connected: true, connectedAt };
}

export async function disconnectHubSpot(tenantId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: TenantKeys.webhook(tenantId, HUBSPOT_ID) }));
}

export const isHubSpot = (w: StoredWebhook) => (w as { kind?: string }).kind === 'hubspot';

/** The request for one lead: HubSpot's default contact properties, keyed by email (a lead without an email is not sent). */
export function hubspotRequest(
  tenantId: string,
  endpoint: StoredWebhook,
  data: Record<string, unknown>,
): { body: string; headers: Record<string, string> } | undefined {
  const email = String(data.email ?? '').trim();
  if (!email) return undefined;
  const properties: Record<string, string> = { email };
  for (const [ours, theirs] of [
    ['firstName', 'firstname'],
    ['lastName', 'lastname'],
    ['phone', 'phone'],
    ['company', 'company'],
  ] as const) {
    const value = String(data[ours] ?? '').trim();
    if (value) properties[theirs] = value;
  }
  return {
    body: JSON.stringify({ inputs: [{ id: email, idProperty: 'email', properties }] }),
    headers: { authorization: `Bearer ${openSecret(tenantId, 'crm-token', endpoint.secretSealed)}` },
  };
}
