import { listMembers } from './domain/accounts/people';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `GET /v1/users`: the team, invited people marked pending. */
export const handler = apiHandler(routeTable.users, async ({ caller: { tenant } }) => ({ data: await listMembers(tenant.tenantId) }));
