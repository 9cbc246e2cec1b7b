import { roleAllows } from '../shared/permissions';
import { listMembers } from './domain/accounts/people';
import { onlineActors } from './domain/live';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/** `GET /v1/inbox/people`: who a conversation can be given to (people who may reply), and who of them is online now. */
export const handler = apiHandler(routeTable.inboxPeople, async ({ caller: { tenant } }) => {
  const [members, online] = await Promise.all([listMembers(tenant.tenantId), onlineActors(tenant)]);
  return {
    data: members
      .filter((m) => !m.pending && roleAllows(m.role, 'write'))
      .map((m) => ({ id: `user:${m.userId}`, name: m.name || m.email.split('@')[0] || 'Team', online: online.has(`user:${m.userId}`) })),
  };
});
