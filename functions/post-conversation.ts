import middy from '@middy/core';
import { StartConversationBodySchema } from '../shared/schemas/ingest';
import { clientInfo, dayVisitorId } from './domain/client-info';
import { startConversation } from './domain/conversations';
import { touchVisitor } from './domain/events';
import { assertOriginAllowed, issueVisitorToken, tenantForSiteKey } from './domain/tenants';
import { type HttpEvent, type HttpResult, json, jsonApi, parseInput } from './lib/http';

/** `POST /v1/conversations`: starts the chat and hands the visitor its token. */
export const handler = middy<HttpEvent, HttpResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const body = parseInput(StartConversationBodySchema, event.body);
    const tenant = await tenantForSiteKey(body.site);
    assertOriginAllowed(tenant, event);
    const client = clientInfo(event, tenant);
    const { conversationId } = await startConversation(tenant, body, client, await dayVisitorId(tenant, event));
    await touchVisitor(tenant, body.visitorId, client, new Date().toISOString());
    return json(201, { conversationId, visitorToken: issueVisitorToken(tenant, body.visitorId) });
  });
