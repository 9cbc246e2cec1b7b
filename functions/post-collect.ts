import middy from '@middy/core';
import { CollectBodySchema } from '../shared/schemas/ingest';
import { clientInfo, dayVisitorId } from './domain/client-info';
import { recordEvents } from './domain/events';
import { assertOriginAllowed, tenantForSiteKey } from './domain/tenants';
import { type HttpEvent, type HttpResult, json, jsonApi, parseInput } from './lib/http';

/**
 * `POST /v1/collect`: a batch of behavioural events. Without a visitorId
 * (no consent to storage yet) the events are filed under the cookieless id
 * of the day.
 */
export const handler = middy<HttpEvent, HttpResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const body = parseInput(CollectBodySchema, event.body);
    const tenant = await tenantForSiteKey(body.site);
    assertOriginAllowed(tenant, event);
    const visitorId = body.visitorId ?? (await dayVisitorId(tenant, event));
    const result = await recordEvents(tenant, body, visitorId, clientInfo(event, tenant));
    return json(202, result);
  });
