import { clientInfo } from './domain/client-info';
import { captureLead } from './domain/leads';
import { isTokenOf } from './domain/visitor-tokens';
import { apiHandler } from './http/api-handler';
import { clientRequest } from './http/client';
import { ApiError } from './lib/errors';
import { header } from './lib/http';
import * as routeTable from './route-table';

/**
 * `POST /v1/leads`: the lead the bot collected. A lead of a conversation
 * needs that conversation's visitor token; without one, a lead can be
 * created but never overwrite an existing contact.
 */
export const handler = apiHandler(routeTable.captureLead, async ({ body, caller: { tenant }, event }) => {
  const token = header(event, 'x-parley-visitor');
  const asVisitor = isTokenOf(token, tenant, body.visitorId);
  if ((body.conversationId || token !== undefined) && !asVisitor) {
    throw new ApiError(401, 'invalid_visitor_token', "A lead of a conversation needs the X-Parley-Visitor token of that conversation's visitor");
  }
  return captureLead(tenant, body, clientInfo(clientRequest(event), tenant), asVisitor);
});
