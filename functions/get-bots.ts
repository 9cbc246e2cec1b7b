import { listBots } from './domain/bots';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `GET /v1/bots`: every bot of the tenant, its draft and the version it runs. */
export const handler = apiHandler(routeTable.bots, async ({ caller: { tenant } }) => ({ data: await listBots(tenant.tenantId) }));
