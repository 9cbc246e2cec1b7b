import { listWebhooks, publicWebhook } from './domain/webhooks/endpoints';
import { apiHandler } from './http/api-handler';
import { routeTable } from './routes';

/** `GET /v1/webhooks`: the endpoints, never a secret. */
export const handler = apiHandler(routeTable.webhooks, async ({ caller: { tenant } }) => ({
  data: (await listWebhooks(tenant.tenantId)).map(publicWebhook).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
}));
