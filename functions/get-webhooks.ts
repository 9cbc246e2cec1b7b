import { listWebhooks, publicWebhook } from './domain/webhooks/endpoints';
import { isHubSpot } from './domain/webhooks/hubspot';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `GET /v1/webhooks`: the endpoints, never a secret. */
export const handler = apiHandler(routeTable.webhooks, async ({ caller: { tenant } }) => ({
  data: (await listWebhooks(tenant.tenantId))
    .filter((w) => !isHubSpot(w))
    .map(publicWebhook)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
}));
