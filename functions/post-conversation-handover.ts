import { conversationOfVisitor } from './domain/conversations';
import { requestPerson } from './domain/inbox';
import { announceState } from './domain/live-chat';
import { agentsOnline } from './domain/live';
import { replyAddress } from './domain/offline-reply';
import { apiHandler } from './http/api-handler';
import * as routeTable from './route-table';

/**
 * `POST /v1/conversations/{id}/handover { email? }`: the visitor asks for a
 * person. The answer says honestly whether anyone is online now; with
 * nobody online, an email left here receives the reply.
 */
export const handler = apiHandler(routeTable.handover, async ({ path, body, caller: { tenant, visitorId } }) => {
  await conversationOfVisitor(tenant, path.id, visitorId);
  const moved = await requestPerson(tenant, path.id, body.email);
  const [state, online, address] = await Promise.all([announceState(tenant, path.id, moved), agentsOnline(tenant), replyAddress(tenant, moved)]);
  return { agentsOnline: online, status: state.status, emailOnFile: address !== undefined };
});
