import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../functions/routes';
import { LEAD_COLUMNS } from '../shared/schemas/exports';
import { type TestServer, call, startTestServer } from './support/api';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

describe('published descriptions', () => {
  it('serves an OpenAPI 3.1 document that validates and lists every route of the table', async () => {
    const res = await call(api.url, '/v1/openapi.json');
    expect(res.status).toBe(200);
    const result = await new Validator().validate(res.json as Parameters<Validator["validate"]>[0]);
    expect(result).toEqual({ valid: true });
    expect(res.json.openapi).toBe('3.1.0');
    const paths = res.json.paths as Record<string, Record<string, { security?: unknown[] }>>;
    for (const route of routes) expect(paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    expect(paths['/v1/leads']!.get!.security).toEqual([{ apiKey: [] }]);
  });

  it('serves a JSON Schema per exportable structure, the lead schema in SPEC column order', async () => {
    const res = await call(api.url, '/v1/schema');
    expect(Object.keys(res.json).sort()).toEqual(['audit', 'conversation', 'event', 'lead', 'message', 'organization']);
    const lead = res.json.lead as { properties: Record<string, { type?: string }>; required: string[] };
    expect(Object.keys(lead.properties)).toEqual(LEAD_COLUMNS);
    expect(lead.properties.consentMarketing!.type).toBe('boolean');
    expect(lead.required).toEqual(expect.arrayContaining(['contactId', 'email']));
  });
});
