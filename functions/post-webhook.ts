import { recordAudit } from './domain/audit';
import { createWebhook } from './domain/webhooks/endpoints';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `POST /v1/webhooks`: a new endpoint; its signing secret is answered once and stored sealed. */
export const handler = apiHandler(routeTable.createWebhook, async ({ body, caller: { tenant, actor } }) => {
  const created = await createWebhook(tenant.tenantId, body);
  await recordAudit(tenant.tenantId, {
    action: 'webhook.created',
    actor,
    subject: 'webhook',
    details: { webhookId: created.id, events: created.events.join(' ') },
  });
  return created;
});
