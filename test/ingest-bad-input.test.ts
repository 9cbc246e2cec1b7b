import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, call, cid, newTenant, scanTenantData, startTestServer } from './support/api';
import type { CreatedTenant } from '../functions/domain/tenants';

let api: TestServer;
let t: CreatedTenant;
let allowed: CreatedTenant;
beforeAll(async () => {
  api = await startTestServer();
  t = await newTenant();
  allowed = await newTenant({ origins: ['https://shop.example'] });
});
afterAll(() => api.close());

const event = (extra: Record<string, unknown> = {}) => ({ id: cid('evt'), type: 'page_view', ts: Date.now(), url: 'https://acme.example/', ...extra });
const collect = (over: Record<string, unknown> = {}) => ({ site: t.siteKey, visitorId: cid('vis'), sessionId: cid('ses'), events: [event()], ...over });
const lead = (over: Record<string, unknown> = {}) => ({
  site: t.siteKey,
  visitorId: cid('vis'),
  fields: { email: 'a@example.com' },
  answers: [],
  consent: { marketing: false, text: 'x' },
  ...over,
});

interface Case {
  name: string;
  path: string;
  status: number;
  code: string;
  rawBody?: string;
  body?: () => unknown;
  headers?: Record<string, string>;
}

const big = 'x'.repeat(70 * 1024);
const cases: Case[] = [
  { name: 'malformed JSON', path: '/v1/collect', rawBody: '{"site": "', headers: { 'content-type': 'application/json' }, status: 400, code: 'invalid_json' },
  {
    name: 'a JSON array instead of an object',
    path: '/v1/collect',
    rawBody: '[1,2]',
    headers: { 'content-type': 'application/json' },
    status: 400,
    code: 'invalid_request',
  },
  { name: 'no body at all', path: '/v1/leads', rawBody: '', headers: { 'content-type': 'application/json' }, status: 400, code: 'invalid_json' },
  {
    name: 'wrong content type',
    path: '/v1/collect',
    rawBody: JSON.stringify({}),
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'form-encoded body',
    path: '/v1/leads',
    rawBody: 'a=b',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'wrong types in events',
    path: '/v1/collect',
    body: () => collect({ events: [event({ ts: 'yesterday', url: 42 })] }),
    status: 400,
    code: 'invalid_request',
  },
  { name: 'unknown event type', path: '/v1/collect', body: () => collect({ events: [event({ type: 'keylogger' })] }), status: 400, code: 'invalid_request' },
  {
    name: 'scroll depth off the milestones',
    path: '/v1/collect',
    body: () => collect({ events: [event({ type: 'scroll', depth: 33 })] }),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'one bad event among good ones',
    path: '/v1/collect',
    body: () => collect({ events: [event(), event(), event({ id: 'has spaces!' })] }),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'too many events (51)',
    path: '/v1/collect',
    body: () => collect({ events: Array.from({ length: 51 }, () => event()) }),
    status: 400,
    code: 'invalid_request',
  },
  { name: 'oversize body (> 64 KiB)', path: '/v1/collect', body: () => collect({ events: [event({ title: big })] }), status: 413, code: 'payload_too_large' },
  { name: 'unknown site key', path: '/v1/collect', body: () => collect({ site: 'ps_aaaaaaaaaaaaaaaa_AAAAAAAAAA' }), status: 404, code: 'site_not_found' },
  { name: 'malformed site key', path: '/v1/leads', body: () => lead({ site: 'nope' }), status: 400, code: 'invalid_request' },
  {
    name: 'lead with an invalid email',
    path: '/v1/leads',
    body: () => lead({ fields: { email: 'not-an-email', firstName: 'Ann' } }),
    status: 400,
    code: 'invalid_request',
  },
  { name: 'lead with no fields', path: '/v1/leads', body: () => lead({ fields: {} }), status: 400, code: 'invalid_request' },
  {
    name: 'lead with an unknown field',
    path: '/v1/leads',
    body: () => lead({ fields: { email: 'a@example.com', ssn: '123' } }),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: "lead for a conversation without its visitor's token",
    path: '/v1/leads',
    body: () => lead({ conversationId: cid('conv') }),
    status: 401,
    code: 'invalid_visitor_token',
  },
  {
    name: 'conversation without a page URL',
    path: '/v1/conversations',
    body: () => ({ site: t.siteKey, visitorId: cid('vis'), sessionId: cid('ses'), pageUrl: 'javascript:alert(1)' }),
    status: 400,
    code: 'invalid_request',
  },
  {
    name: 'message without a visitor token',
    path: '/v1/conversations/conv_12345678/messages',
    body: () => ({ id: cid('m'), author: 'visitor', text: 'hi', ts: Date.now() }),
    status: 401,
    code: 'invalid_visitor_token',
  },
  {
    name: 'disallowed origin',
    path: '/v1/collect',
    body: () => collect({ site: allowed.siteKey }),
    headers: { origin: 'https://evil.example' },
    status: 403,
    code: 'origin_not_allowed',
  },
];

describe('bad input gets a 4xx in the SPEC error shape and stores nothing', () => {
  it.each(cases)('$name → $status $code', async (c) => {
    const res = await call(api.url, c.path, {
      method: 'POST',
      ...(c.body ? { body: c.body() } : {}),
      ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : {}),
      ...(c.headers ? { headers: c.headers } : {}),
    });
    expect(res.status).toBe(c.status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json.error).toMatchObject({ code: c.code, message: expect.any(String) });
    expect(await scanTenantData(t.tenantId)).toEqual([]);
    expect(await scanTenantData(allowed.tenantId)).toEqual([]);
  });

  it('names each invalid field in `issues`', async () => {
    const res = await call(api.url, '/v1/collect', { body: collect({ sessionId: 'x y', events: [event({ type: 'scroll', depth: 10 })] }) });
    expect(res.json.error?.issues?.map((i) => i.path)).toEqual(['sessionId', 'events.0.depth']);
  });

  it('answers unknown paths and methods with the error shape', async () => {
    expect((await call(api.url, '/v1/nothing')).json.error?.code).toBe('not_found');
    expect((await call(api.url, '/v1/collect', { method: 'GET' })).status).toBe(405);
  });
});
