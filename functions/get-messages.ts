import { conversationOfVisitor, getConversation, messagesAfter } from './domain/conversations';
import { markDelivered } from './domain/offline-reply';
import { apiHandler } from './http/api-handler';
import { notFound } from './lib/errors';
import * as routeTable from './route-table';

/** `GET /v1/conversations/{id}/messages?after=SEQ`: what a reconnecting widget (or an inbox) missed, in order. */
export const handler = apiHandler(routeTable.messagesAfter, async ({ path, query, caller }) => {
  const { tenant } = caller;
  if (caller.kind === 'visitor') await conversationOfVisitor(tenant, path.id, caller.visitorId);
  else if (!(await getConversation(tenant, path.id))) throw notFound('Conversation');
  const data = await messagesAfter(tenant, path.id, query.after);
  // The visitor's widget has the replies now: a reply mail still to come leaves them out.
  const last = data.at(-1)?.seq;
  if (caller.kind === 'visitor' && last !== undefined) await markDelivered(tenant, path.id, last);
  return { data, nextCursor: null };
});
