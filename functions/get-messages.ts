import { conversationOfVisitor, getConversation, messagesAfter } from './domain/conversations';
import { apiHandler } from './http/api-handler';
import { notFound } from './lib/errors';
import * as routeTable from './route-table';

/** `GET /v1/conversations/{id}/messages?after=SEQ`: what a reconnecting widget (or an inbox) missed, in order. */
export const handler = apiHandler(routeTable.messagesAfter, async ({ path, query, caller }) => {
  const { tenant } = caller;
  if (caller.kind === 'visitor') await conversationOfVisitor(tenant, path.id, caller.visitorId);
  else if (!(await getConversation(tenant, path.id))) throw notFound('Conversation');
  return { data: await messagesAfter(tenant, path.id, query.after), nextCursor: null };
});
