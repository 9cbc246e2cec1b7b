import middy from '@middy/core';
import { StartConversationBodySchema } from '../shared/schemas/ingest';
import { clientInfo, dayVisitorId } from './domain/client-info';
import { startConversation } from './domain/conversations';
import { touchVisitor } from './domain/events';
import { assertOriginAllowed, tenantForSiteKey } from './domain/tenants';
import { visitorTokenForStart } from './domain/visitor-tokens';
import { type HttpEvent, type HttpResult, header, json, jsonApi, parseInput } from './lib/http';

/**
 * `POST /v1/conversations`: starts the chat and hands the visitor its token
 * (first contact), or resumes with the token the visitor already holds.
 */
export const handler = middy<HttpEvent, HttpResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const body = parseInput(StartConversationBodySchema, event.body);
    const tenant = await tenantForSiteKey(body.site);
    assertOriginAllowed(tenant, event);
    // Claimed before anything is stored: a refused start leaves no trace.
    const visitorToken = await visitorTokenForStart(tenant, body.visitorId, header(event, 'x-parley-visitor'), body.visitorSecret);
    const client = clientInfo(event, tenant);
    const { conversationId } = await startConversation(tenant, body, client, await dayVisitorId(tenant, event));
    await touchVisitor(tenant, body.visitorId, client, new Date().toISOString());
    return json(201, { conversationId, visitorToken });
  });
