import { closeTenant } from './domain/closure';
import { apiHandler } from './http/api-handler';
import { badRequest } from './lib/errors';
import * as routeTable from './route-table';

/**
 * `POST /v1/tenant/close` with `{ "confirm": "<tenantId>" }`: deletes all of
 * the tenant's data now and answers the closure receipt. Fetch
 * `GET /v1/export` first: nothing can be exported afterwards.
 */
export const handler = apiHandler(routeTable.closeTenant, async ({ body, caller: { tenant } }) => {
  if (body.confirm !== tenant.tenantId) throw badRequest('Confirm with this tenant’s id', [{ path: 'confirm', message: 'must equal the tenant id' }]);
  return closeTenant(tenant.tenantId);
});
