import { recordAudit } from './domain/audit';
import { connectHubSpot } from './domain/webhooks/hubspot';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `PUT /v1/integrations/hubspot`: connects (or reconnects with a new token); the token is stored sealed, never shown again. */
export const handler = apiHandler(routeTable.connectHubspot, async ({ body, caller: { tenant, actor } }) => {
  const connected = await connectHubSpot(tenant.tenantId, body.token);
  await recordAudit(tenant.tenantId, { action: 'hubspot.connected', actor, subject: 'integration', details: {} });
  return { ...connected, enabled: true };
});
