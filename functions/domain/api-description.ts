import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import type { GenericSchema } from 'valibot';
import { EXPORT_SCHEMAS, LeadListQuerySchema, ListQuerySchema } from '../../shared/schemas/exports';
import { CollectBodySchema, LeadBodySchema, MessageBodySchema, StartConversationBodySchema } from '../../shared/schemas/ingest';
import { ContactPatchSchema } from '../../shared/schemas/lead-fields';
import { SettingsSchema } from '../../shared/schemas/settings';
import { type Route, routes } from '../routes';

const jsonSchema = (schema: GenericSchema) => {
  const { $schema: _ignored, ...rest } = toJsonSchema(schema, { errorMode: 'ignore' }) as Record<string, unknown>;
  return rest;
};

/** JSON Schema (2020-12 compatible) of every exportable structure, generated from the valibot schemas. */
export function exportJsonSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(EXPORT_SCHEMAS).map(([name, schema]) => [name, { $schema: 'https://json-schema.org/draft/2020-12/schema', title: name, ...jsonSchema(schema) }]));
}

const REQUEST_BODIES: Record<string, GenericSchema> = {
  'post-collect': CollectBodySchema,
  'post-conversation': StartConversationBodySchema,
  'post-message': MessageBodySchema,
  'post-lead': LeadBodySchema,
  // Any subset; theme and bot merge field by field.
  'put-settings': v.partial(SettingsSchema),
  'patch-contact': ContactPatchSchema,
};

const ROW_OF: Record<string, string> = { 'get-leads': 'lead', 'get-conversations': 'conversation', 'get-events': 'event', 'get-organizations': 'organization', 'get-audit': 'audit' };

const ERROR = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', pattern: '^[a-z_]+$' },
        message: { type: 'string' },
        issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

function operation(route: Route) {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (route.module === 'get-widget-config') params.push({ name: 'site', in: 'query', required: true, schema: { type: 'string' } });
  if (ROW_OF[route.module] || route.module === 'get-contact') {
    const query = route.module === 'get-leads' ? LeadListQuerySchema : ListQuerySchema;
    for (const name of Object.keys(query.entries)) params.push({ name, in: 'query', required: false, schema: { type: 'string' } });
  }
  const body = REQUEST_BODIES[route.module];
  const row = ROW_OF[route.module];
  const success = route.method === 'POST' ? (route.module === 'post-collect' ? '202' : '201') : route.module === 'delete-visitor-me' ? '204' : '200';
  const content = row
    ? {
        'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: { $ref: `#/components/schemas/${row}` } }, nextCursor: { type: ['string', 'null'] } } } },
        'text/csv': { schema: { type: 'string' } },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
      }
    : { 'application/json': { schema: { type: 'object' } } };
  return {
    operationId: route.module.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
    summary: route.summary,
    tags: [route.audience],
    ...(route.audience === 'customer' ? { security: [{ apiKey: [] }] } : route.module === 'post-message' || route.module === 'delete-visitor-me' ? { security: [{ visitorToken: [] }] } : { security: [] }),
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body) } } } } : {}),
    responses: {
      [success]: success === '204' ? { description: 'Done' } : { description: 'Success', content },
      '4XX': { description: 'The client’s mistake', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      '5XX': { description: 'Our fault; retry with Retry-After', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    },
  };
}

/** The OpenAPI 3.1 description, generated from the route table and the schemas. */
export function openApiDocument(serverUrl = '/'): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  const schemas = Object.fromEntries(Object.entries(exportJsonSchemas()).map(([name, { $schema: _s, ...schema }]) => [name, schema]));
  return {
    openapi: '3.1.0',
    info: { title: 'Parley API', version: '1.0.0', description: 'Chat and lead capture: widget ingest, customer exports and data-subject rights.' },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { ...schemas, Error: ERROR },
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'Secret API key (sk_…)' },
        visitorToken: { type: 'apiKey', in: 'header', name: 'X-Parley-Visitor' },
      },
    },
  };
}
