import { listApiKeys } from './domain/accounts/api-keys';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `GET /v1/keys`: the tenant's secret keys: names, scopes, last use; never a secret. */
export const handler = apiHandler(routeTable.keys, async ({ caller: { tenant } }) => ({ data: await listApiKeys(tenant.tenantId) }));
