import middy from '@middy/core';
import { type HttpEvent, type HttpResult, noContent, plainApi } from './lib/http';

/**
 * `OPTIONS /v1/{proxy+}`: CORS preflight. Any origin may ask; the real
 * request is then checked against the tenant's allowed origins.
 */
export const handler = middy<HttpEvent, HttpResult>()
  .use(plainApi())
  .handler(async () => noContent());
