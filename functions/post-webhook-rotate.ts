import { recordAudit } from './domain/audit';
import { rotateSecret } from './domain/webhooks/endpoints';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `POST /v1/webhooks/{id}/rotate`: a new secret, shown once; both sign deliveries for the next 24 hours. */
export const handler = apiHandler(routeTable.rotateWebhookSecret, async ({ path, caller: { tenant, actor } }) => {
  const rotated = await rotateSecret(tenant.tenantId, path.id);
  await recordAudit(tenant.tenantId, { action: 'webhook.secret_rotated', actor, subject: 'webhook', details: { webhookId: path.id } });
  return rotated;
});
