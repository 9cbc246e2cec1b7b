import middy from '@middy/core';
import { LeadBodySchema } from '../shared/schemas/ingest';
import { clientInfo } from './domain/client-info';
import { captureLead } from './domain/leads';
import { assertOriginAllowed, tenantForSiteKey } from './domain/tenants';
import { type HttpEvent, type HttpResult, json, jsonApi, parseInput } from './lib/http';

/** `POST /v1/leads`: the lead the bot collected. */
export const handler = middy<HttpEvent, HttpResult>()
  .use(jsonApi())
  .handler(async (event) => {
    const body = parseInput(LeadBodySchema, event.body);
    const tenant = await tenantForSiteKey(body.site);
    assertOriginAllowed(tenant, event);
    const result = await captureLead(tenant, body, clientInfo(event, tenant));
    return json(201, result);
  });
