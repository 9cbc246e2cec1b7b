import { addMessage, conversationOfVisitor, isBotFlowLine } from './domain/conversations';
import { apiHandler } from './http/api-handler';
import { ApiError } from './lib/errors';
import { routeTable } from './routes';

/** `POST /v1/conversations/{id}/messages`: one message, once per client id. */
export const handler = apiHandler(routeTable.postMessage, async ({ path, body: message, caller: { tenant, visitorId } }) => {
  if (message.author === 'bot' && !isBotFlowLine(tenant, message.text)) {
    throw new ApiError(403, 'forbidden', "A visitor's browser may record only the lines of the site's bot flow as the bot", [
      { path: 'author', message: 'is "bot" but the text is not a line of the bot flow' },
    ]);
  }
  const conversation = await conversationOfVisitor(tenant, path.id, visitorId);
  const added = await addMessage(tenant, conversation, message, message.author === 'bot' ? 'flow' : 'visitor');
  return { id: message.id, duplicate: !added.stored, seq: added.seq };
});
