import middy from '@middy/core';
import { openApiDocument } from './domain/api-description';
import { type HttpEvent, type HttpResult, json, plainApi } from './lib/http';

/** `GET /v1/openapi.json`: the API described as OpenAPI 3.1, generated from the route table. */
export const handler = middy<HttpEvent, HttpResult>()
  .use(plainApi())
  .handler(async (event) => json(200, openApiDocument(`https://${event.requestContext?.domainName ?? 'localhost'}`), { 'Cache-Control': 'public, max-age=300' }));
