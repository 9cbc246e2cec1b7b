import { exportJsonSchemas } from './domain/exports/json-schemas';
import { webhookEventJsonSchemas } from './domain/webhooks/event-schemas';
import { apiHandler } from './http/api-handler';
import { json } from './lib/http';
import * as routeTable from './route-table';

/** `GET /v1/schema`: JSON Schema of every exportable structure and of every webhook event, by type (public: describes no data). */
export const handler = apiHandler(routeTable.schema, async () =>
  json(200, { ...exportJsonSchemas(), ...webhookEventJsonSchemas() }, { 'Cache-Control': 'public, max-age=300' }),
);
