import { exportJsonSchemas, jsonSchemaOf } from '../domain/exports/json-schemas';
import { type Route, routes } from '../routes';

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

const FILE_TYPES = {
  csv: ['text/csv', { type: 'string' }],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', { type: 'string', format: 'binary' }],
  zip: ['application/zip', { type: 'string', format: 'binary' }],
} as const;

const SECURITY: Record<Route['auth'], Record<string, string[]>[]> = {
  none: [],
  site: [],
  visitor: [{ visitorToken: [] }],
  apiKey: [{ apiKey: [] }],
  session: [{ session: [] }],
  participant: [{ visitorToken: [] }, { apiKey: [] }, { session: [] }],
};

/** Path and query parameters, from the route's own input schemas. */
function parameters(route: Route) {
  const params: Record<string, unknown>[] = [];
  for (const [where, schema] of [
    ['path', route.input?.path],
    ['query', route.input?.query],
  ] as const) {
    if (!schema) continue;
    const described = jsonSchemaOf(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, property] of Object.entries(described.properties ?? {})) {
      params.push({ name, in: where, required: where === 'path' || (described.required ?? []).includes(name), schema: property });
    }
  }
  for (const match of route.path.matchAll(/\{(\w+)\+?\}/g)) {
    if (!params.some((p) => p.name === match[1])) params.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
  }
  return params;
}

function operation(route: Route) {
  const params = parameters(route);
  const content: Record<string, { schema: unknown }> = {};
  if (route.response) content['application/json'] = { schema: jsonSchemaOf(route.response) };
  for (const file of route.files ?? []) content[FILE_TYPES[file][0]] = { schema: FILE_TYPES[file][1] };
  const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  return {
    operationId: route.module.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
    summary: route.summary,
    tags: [route.auth],
    security: SECURITY[route.auth],
    ...(params.length ? { parameters: params } : {}),
    ...(route.input?.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(route.input.body) } } } } : {}),
    responses: {
      ...(route.module === 'not-found' ? {} : { [String(route.status)]: route.status === 204 ? { description: 'Done' } : { description: 'Success', content } }),
      '4XX': { description: 'The client’s mistake', ...error },
      '5XX': { description: 'Our fault; retry with Retry-After', ...error },
    },
  };
}

/** The OpenAPI 3.1 description, generated from the route table alone. */
export function openApiDocument(serverUrl = '/'): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const methods = route.method === 'ANY' ? ['get', 'post', 'put', 'patch', 'delete'] : [route.method.toLowerCase()];
    for (const method of methods) (paths[route.path] ??= {})[method] = operation(route);
  }
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
        session: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
      },
    },
  };
}
