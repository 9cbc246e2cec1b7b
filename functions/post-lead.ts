import middy from '@middy/core';
import { LeadBodySchema } from '../shared/schemas/ingest';
import { clientInfo } from './domain/client-info';
import { captureLead } from './domain/leads';
import { assertOriginAllowed, tenantForSiteKey } from './domain/tenants';
import { isTokenOf } from './domain/visitor-tokens';
import { ApiError } from './lib/errors';
import { type HttpEvent, type HttpResult, header, json, jsonApi, parseInput } from './lib/http';

/**
 * `POST /v1/leads`: the lead the bot collected. A lead of a conversation
 * needs that conversation's visitor token; without one, a lead can be
 * created but never overwrite an existing contact.
 */
export const handler = middy<HttpEvent, HttpResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const body = parseInput(LeadBodySchema, event.body);
    const tenant = await tenantForSiteKey(body.site);
    assertOriginAllowed(tenant, event);
    const token = header(event, 'x-parley-visitor');
    const asVisitor = isTokenOf(token, tenant, body.visitorId);
    if ((body.conversationId || token !== undefined) && !asVisitor) {
      throw new ApiError(401, 'invalid_visitor_token', "A lead of a conversation needs the X-Parley-Visitor token of that conversation's visitor");
    }
    const result = await captureLead(tenant, body, clientInfo(event, tenant), asVisitor);
    return json(201, result);
  });
