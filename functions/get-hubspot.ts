import { getWebhook } from './domain/webhooks/endpoints';
import { HUBSPOT_ID } from './domain/webhooks/hubspot';
import { apiHandler } from './http/api-handler';
import { routeTable } from './routes';

/** `GET /v1/integrations/hubspot`: connected or not, and whether the push is on; never the token. */
export const handler = apiHandler(routeTable.hubspot, async ({ caller: { tenant } }) => {
  const endpoint = await getWebhook(tenant.tenantId, HUBSPOT_ID).catch(() => undefined);
  if (!endpoint) return { connected: false };
  return {
    connected: true,
    connectedAt: endpoint.createdAt,
    enabled: endpoint.enabled,
    ...(endpoint.disabledReason ? { disabledReason: endpoint.disabledReason } : {}),
  };
});
