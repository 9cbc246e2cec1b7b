import { recordAudit } from './domain/audit';
import { deleteWebhook } from './domain/webhooks/endpoints';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `DELETE /v1/webhooks/{id}`: removes an endpoint; nothing more is sent to it. */
export const handler = apiHandler(routeTable.deleteWebhook, async ({ path, caller: { tenant, actor } }) => {
  await deleteWebhook(tenant.tenantId, path.id);
  await recordAudit(tenant.tenantId, { action: 'webhook.removed', actor, subject: 'webhook', details: { webhookId: path.id } });
  return undefined;
});
