import { recordAudit } from './domain/audit';
import { changeWebhook } from './domain/webhooks/endpoints';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `PATCH /v1/webhooks/{id}`: URL, events, description, or turning it off and on. */
export const handler = apiHandler(routeTable.updateWebhook, async ({ path, body, caller: { tenant, actor } }) => {
  const changed = await changeWebhook(tenant.tenantId, path.id, body);
  await recordAudit(tenant.tenantId, {
    action: 'webhook.changed',
    actor,
    subject: 'webhook',
    details: { webhookId: path.id, fields: Object.keys(body).join(',') },
  });
  return changed;
});
