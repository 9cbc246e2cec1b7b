import { recordAudit } from './domain/audit';
import { disconnectHubSpot } from './domain/webhooks/hubspot';
import { apiHandler } from './http/api-handler';
import { routeTable } from './routes';

/** `DELETE /v1/integrations/hubspot`: stops the push and deletes the sealed token. */
export const handler = apiHandler(routeTable.disconnectHubspot, async ({ caller: { tenant, actor } }) => {
  await disconnectHubSpot(tenant.tenantId);
  await recordAudit(tenant.tenantId, { action: 'hubspot.disconnected', actor, subject: 'integration', details: {} });
  return undefined;
});
