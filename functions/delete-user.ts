import { getMember, removeMember } from './domain/accounts/people';
import { assertMayChange } from './domain/accounts/team';
import { recordAudit } from './domain/audit';
import { apiHandler } from './http/api-handler';
import { notFound } from './lib/errors';
import * as routeTable from './route-table';

/** `DELETE /v1/users/{userId}`: removes a person from the team; their sessions stop working at once. */
export const handler = apiHandler(routeTable.removeUser, async ({ path, caller: { tenant, actor, actorRole } }) => {
  const member = await getMember(tenant.tenantId, path.userId);
  if (!member) throw notFound('User');
  await assertMayChange(tenant.tenantId, actorRole, member, 'removed');
  await removeMember(tenant.tenantId, path.userId);
  await recordAudit(tenant.tenantId, { action: 'user.removed', actor, subject: 'user', details: { userId: path.userId, actorRole } });
  return undefined;
});
