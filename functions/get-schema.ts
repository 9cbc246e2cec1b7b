import middy from '@middy/core';
import { exportJsonSchemas } from './domain/api-description';
import { type HttpEvent, type HttpResult, json, plainApi } from './lib/http';

/** `GET /v1/schema`: JSON Schema of every exportable structure (public: describes no data). */
export const handler = middy<HttpEvent, HttpResult>()
  .use(plainApi())
  .handler(async () => json(200, exportJsonSchemas(), { 'Cache-Control': 'public, max-age=300' }));
