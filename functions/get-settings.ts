import middy from '@middy/core';
import { customerApi, principalOf } from './lib/customer-api';
import { type HttpEvent, type HttpResult, json } from './lib/http';

/** `GET /v1/settings`: the tenant's settings and public site key. */
export const handler = middy<HttpEvent, HttpResult>()
  .use(customerApi())
  .handler(async (_event, context) => {
    const { tenant } = principalOf(context);
    return json(200, { tenantId: tenant.tenantId, name: tenant.name, siteKey: tenant.siteKey, settings: tenant.settings });
  });
