import { lineOfFlow } from './domain/bots';
import { addMessage, conversationOfVisitor, getConversation } from './domain/conversations';
import { afterMessage } from './domain/live-chat';
import { apiHandler } from './http/api-handler';
import { ApiError, notFound } from './lib/errors';
import * as routeTable from './route-table';

const forbidden = (why: string, path = 'author') => new ApiError(403, 'forbidden', why, [{ path, message: why }]);

/**
 * `POST /v1/conversations/{id}/messages`: one message, once per client id.
 * The visitor writes `visitor` (and the bot flow's own lines as `bot`); a
 * person of the team replies as `agent`. Stored first, then pushed: the
 * team's inboxes hear every line, the visitor's sockets a person's reply
 * (or, with none open, the visitor's email).
 */
export const handler = apiHandler(routeTable.postMessage, async ({ path, body: message, caller }) => {
  if (caller.kind === 'visitor') {
    const { tenant, visitorId } = caller;
    if (message.author === 'agent') throw forbidden("A visitor's browser cannot write as an agent");
    const conversation = await conversationOfVisitor(tenant, path.id, visitorId);
    const bot = conversation.botId ? { id: conversation.botId, version: Number(conversation.botVersion ?? 0) } : undefined;
    const line = message.author === 'bot' ? await lineOfFlow(tenant, bot, message.text) : undefined;
    if (message.author === 'bot' && !line) throw forbidden("A visitor's browser may record only the lines of the site's bot flow as the bot");
    const added = await addMessage(tenant, conversation, message, line ? { via: 'flow', question: line === 'question' } : { via: 'visitor' });
    await afterMessage(tenant, conversation, added, { ...message, ts: message.ts, seq: added.seq });
    return { id: message.id, duplicate: !added.stored, seq: added.seq };
  }
  const { tenant, actor, signedIn } = caller;
  if (message.author !== 'agent') throw forbidden('The team replies as "agent"');
  const conversation = await getConversation(tenant, path.id);
  if (!conversation) throw notFound('Conversation');
  const name = signedIn?.name || signedIn?.email.split('@')[0] || 'Team';
  const added = await addMessage(tenant, conversation, message, { via: 'agent', agentId: actor, agentName: name });
  await afterMessage(tenant, conversation, added, { id: message.id, author: 'agent', text: message.text, ts: message.ts, seq: added.seq, name });
  return { id: message.id, duplicate: !added.stored, seq: added.seq };
});
