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
    const result = await new Validator().validate(res.json as Parameters<Validator['validate']>[0]);
    expect(result).toEqual({ valid: true });
    expect(res.json.openapi).toBe('3.1.0');
    const paths = res.json.paths as Record<string, Record<string, { security?: unknown[] }>>;
    for (const route of routes) {
      // OpenAPI has no "any": the catch-all is listed under every method.
      const method = route.method === 'ANY' ? 'get' : route.method.toLowerCase();
      expect(paths[route.path]?.[method], `${route.method} ${route.path}`).toBeDefined();
    }
    expect(paths['/v1/leads']!.get!.security).toEqual([{ apiKey: [] }]);
  });

  it('describes every route from its table entry alone: inputs, auth and the success answer', async () => {
    const res = await call(api.url, '/v1/openapi.json');
    type Operation = {
      security: unknown[];
      parameters?: { name: string; in: string }[];
      requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
      responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
    };
    const paths = res.json.paths as Record<string, Record<string, Operation>>;
    const collect = paths['/v1/collect']!.post!;
    expect(Object.keys(collect.requestBody!.content['application/json']!.schema.properties!)).toEqual(expect.arrayContaining(['site', 'sessionId', 'events']));
    expect(Object.keys(collect.responses['202']!.content!['application/json']!.schema.properties!)).toEqual(['accepted', 'duplicates']);
    const leads = paths['/v1/leads']!.get!;
    expect(leads.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['format', 'from', 'to', 'limit', 'cursor', 'q', 'restricted', 'bom']));
    expect(Object.keys(leads.responses['200']!.content!)).toEqual([
      'application/json',
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    // The visitor's token, or (agents replying) a key or a session.
    expect(paths['/v1/conversations/{id}/messages']!.post!.security).toEqual([{ visitorToken: [] }, { apiKey: [] }, { session: [] }]);
    expect(paths['/v1/visitors/me']!.delete!.security).toEqual([{ visitorToken: [] }]);
    expect(paths['/v1/conversations/{id}/messages']!.post!.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path' })]);
    expect(Object.keys(paths['/v1/conversations/{id}/messages']!.post!.responses['201']!.content!['application/json']!.schema.properties!)).toEqual([
      'id',
      'duplicate',
      'seq',
    ]);
    expect(paths['/v1/settings']!.put!.requestBody).toBeDefined();
    expect(paths['/v1/export']!.get!.responses['200']!.content!['application/zip']).toBeDefined();
  });

  it('answers any path no route serves with 404 in the error shape, whatever the method', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await call(api.url, '/v1/nothing/here', { method, ...(method === 'POST' ? { body: {} } : {}) });
      expect(res.status, method).toBe(404);
      expect(res.json.error?.code).toBe('not_found');
    }
  });

  it('serves a JSON Schema per exportable structure, the lead schema in SPEC column order', async () => {
    const res = await call(api.url, '/v1/schema');
    expect(Object.keys(res.json).sort()).toEqual(
      [
        'audit',
        'conversation',
        'event',
        'lead',
        'message',
        'organization',
        // Webhook events, by type (shared/schemas/webhooks.ts).
        'alert.triggered',
        'contact.erased',
        'conversation.closed',
        'conversation.started',
        'conversation.waiting',
        'lead.created',
        'lead.qualified',
        'lead.updated',
      ].sort(),
    );
    const lead = res.json.lead as { properties: Record<string, { type?: string }>; required: string[] };
    expect(Object.keys(lead.properties)).toEqual(LEAD_COLUMNS);
    expect(lead.properties.consentMarketing!.type).toBe('boolean');
    expect(lead.required).toEqual(expect.arrayContaining(['contactId', 'email']));
  });
});
