import { getMember, setRole } from './domain/accounts/people';
import { assertMayChange } from './domain/accounts/team';
import { recordAudit } from './domain/audit';
import { apiHandler } from './http/api-handler';
import { notFound } from './lib/errors';
import * as routeTable from './route-table';

/** `PATCH /v1/users/{userId}`: changes a person's role (takes effect on their next request). */
export const handler = apiHandler(routeTable.updateUser, async ({ path, body, caller: { tenant, actor, actorRole } }) => {
  const member = await getMember(tenant.tenantId, path.userId);
  if (!member) throw notFound('User');
  await assertMayChange(tenant.tenantId, actorRole, member, body.role);
  const updated = await setRole(tenant.tenantId, path.userId, body.role);
  await recordAudit(tenant.tenantId, {
    action: 'user.role',
    actor,
    subject: 'user',
    details: { userId: path.userId, from: member.role, to: body.role, actorRole },
  });
  return updated;
});
