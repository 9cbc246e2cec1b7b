import { recordAudit } from './domain/audit';
import { requeueDelivery } from './domain/webhooks/delivery-log';
import { getWebhook } from './domain/webhooks/endpoints';
import { deliveryView } from './domain/webhooks/test-event';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver`: the delivery is queued again, due now, with the same `webhook-id`. */
export const handler = apiHandler(routeTable.redeliverWebhook, async ({ path, caller: { tenant, actor } }) => {
  await getWebhook(tenant.tenantId, path.id);
  const queued = await requeueDelivery(tenant.tenantId, path.id, path.deliveryId);
  await recordAudit(tenant.tenantId, {
    action: 'webhook.redelivered',
    actor,
    subject: 'webhook',
    details: { webhookId: path.id, deliveryId: path.deliveryId },
  });
  return deliveryView(queued);
});
