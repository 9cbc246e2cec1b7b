import { countBot } from './domain/bot-stats';
import { clientInfo, dayVisitorId } from './domain/client-info';
import { startConversation } from './domain/conversations';
import { touchVisitor } from './domain/events';
import { visitorTokenForStart } from './domain/visitor-tokens';
import { apiHandler } from './http/api-handler';
import { clientRequest } from './http/client';
import { header } from './lib/http';
import * as routeTable from './route-table';

/**
 * `POST /v1/conversations`: starts the chat and hands the visitor its token
 * (first contact), or resumes with the token the visitor already holds.
 */
export const handler = apiHandler(routeTable.startConversation, async ({ body, caller: { tenant }, event }) => {
  // Claimed before anything is stored: a refused start leaves no trace.
  const visitorToken = await visitorTokenForStart(tenant, body.visitorId, header(event, 'x-parley-visitor'), body.visitorSecret);
  const request = clientRequest(event);
  const client = clientInfo(request, tenant);
  const { conversationId, created } = await startConversation(tenant, body, client, await dayVisitorId(tenant, request));
  if (created && body.bot) await countBot(tenant.tenantId, body.bot.id, body.variant, 'started');
  await touchVisitor(tenant, body.visitorId, client, new Date().toISOString());
  return { conversationId, visitorToken };
});
