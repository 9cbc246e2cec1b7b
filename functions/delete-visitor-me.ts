import middy from '@middy/core';
import { eraseVisitor } from './domain/privacy';
import { assertOriginAllowed } from './domain/tenants';
import { verifyVisitorToken } from './domain/visitor-tokens';
import { type HttpEvent, type HttpResult, header, noContent, plainApi } from './lib/http';

/** `DELETE /v1/visitors/me`: a visitor erases their own data (the widget's "forget me"). */
export const handler = middy<HttpEvent, HttpResult>()
  .use(plainApi())
  .handler(async (event) => {
    const { tenant, visitorId } = await verifyVisitorToken(header(event, 'x-parley-visitor'));
    assertOriginAllowed(tenant, event);
    await eraseVisitor(tenant, visitorId);
    return noContent();
  });
