import { roleAllows } from '../shared/permissions';
import { getMember } from './domain/accounts/people';
import { assignConversation } from './domain/inbox';
import { announceState } from './domain/live-chat';
import { apiHandler } from './http/api-handler';
import { badRequest } from './lib/errors';
import * as routeTable from './route-table';

/** `POST /v1/conversations/{id}/assign { assignee }`: gives the conversation to a person of the team, or to nobody (`null`). */
export const handler = apiHandler(routeTable.assignConversation, async ({ path, body, caller: { tenant } }) => {
  const found = body.assignee ? await getMember(tenant.tenantId, body.assignee.slice('user:'.length)) : undefined;
  // Only someone who may reply can hold a conversation: not an invitation still pending, not a viewer.
  const member = found && !found.pending && roleAllows(found.role, 'write') ? found : undefined;
  if (body.assignee && !member)
    throw badRequest('The assignee must be a person of the team who may reply', [{ path: 'assignee', message: 'is not a team member who may reply' }]);
  const assignee = body.assignee && member ? { id: body.assignee, name: member.name || member.email.split('@')[0] || 'Team' } : null;
  return announceState(tenant, path.id, await assignConversation(tenant, path.id, assignee));
});
