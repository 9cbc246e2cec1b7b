import { apiHandler } from './http/api-handler';
import { openApiDocument } from './http/api-description';
import { json } from './lib/http';
import * as routeTable from './route-table';

/** `GET /v1/openapi.json`: the API described as OpenAPI 3.1, generated from the route table. */
export const handler = apiHandler(routeTable.openApi, async ({ event }) =>
  json(200, openApiDocument(`https://${event.requestContext?.domainName ?? 'localhost'}`), { 'Cache-Control': 'public, max-age=300' }),
);
