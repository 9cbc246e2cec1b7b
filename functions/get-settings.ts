import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `GET /v1/settings`: the tenant's settings and public site key. */
export const handler = apiHandler(routeTable.settings, async ({ caller: { tenant } }) => ({
  tenantId: tenant.tenantId,
  name: tenant.name,
  siteKey: tenant.siteKey,
  settings: tenant.settings,
}));
