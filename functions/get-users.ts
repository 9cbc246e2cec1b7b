import { listMembers } from './domain/accounts/people';
import { apiHandler } from './http/api-handler';
import { routeTable } from './routes';

/** `GET /v1/users`: the team, invited people marked pending. */
export const handler = apiHandler(routeTable.users, async ({ caller: { tenant } }) => ({ data: await listMembers(tenant.tenantId) }));
