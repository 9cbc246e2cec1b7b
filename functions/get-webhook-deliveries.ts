import { deliveryView } from './domain/webhooks/test-event';
import { listDeliveries } from './domain/webhooks/delivery-log';
import { getWebhook } from './domain/webhooks/endpoints';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `GET /v1/webhooks/{id}/deliveries`: the latest 100 deliveries, newest first. */
export const handler = apiHandler(routeTable.webhookDeliveries, async ({ path, caller: { tenant } }) => {
  await getWebhook(tenant.tenantId, path.id);
  return { data: (await listDeliveries(tenant.tenantId, path.id)).map(deliveryView) };
});
