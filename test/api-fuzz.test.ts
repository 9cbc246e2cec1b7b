import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import { type TestServer, call, newTenant, startTestServer } from './support/api';

let api: TestServer;
let t: CreatedTenant;
beforeAll(async () => {
  api = await startTestServer();
  t = await newTenant();
});
afterAll(() => api.close());

const auth = () => ({ authorization: `Bearer ${t.apiKey}` });

function expectClientAnswer(res: Awaited<ReturnType<typeof call>>, what: string) {
  expect(res.status, what).toBeLessThan(500);
  if (res.status < 400) return;
  expect(res.json?.error?.code, what).toMatch(/^[a-z_]+$/);
  expect(typeof res.json?.error?.message, what).toBe('string');
}

const LISTINGS = ['/v1/leads', '/v1/conversations', '/v1/events', '/v1/organizations', '/v1/audit'] as const;
const dateish = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('9999-99-99', '2026-02-30', '2026-13-01', '0000-00-00', '2026-11-23T25:61:00Z', '-1', '1e400', '2026-11-23', '2026-11-23T10:00:00Z', ''),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);
const queryValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  dateish,
  fc.integer().map(String),
  fc.constantFrom('csv', 'xlsx', 'json', 'include', '1', '%', '%ZZ', '\u0000'),
);
const queryKey = fc.oneof(fc.constantFrom('format', 'from', 'to', 'limit', 'cursor', 'q', 'restricted', 'bom'), fc.string({ maxLength: 10 }));

describe('customer routes with random query strings', () => {
  it('answer 2xx or a 4xx in the error shape, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...LISTINGS), fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }), async (path, pairs) => {
        const qs = new URLSearchParams(pairs).toString();
        const res = await call(api.url, `${path}?${qs}`, { headers: auth() });
        expectClientAnswer(res, `${path}?${qs}`);
      }),
      { numRuns: 150 },
    );
  });

  it('refuse impossible dates with 400', async () => {
    for (const path of LISTINGS) {
      for (const bad of ['9999-99-99', '2026-02-30', '2026-13-01']) {
        const res = await call(api.url, `${path}?from=${bad}`, { headers: auth() });
        expect(res.status, `${path}?from=${bad}`).toBe(400);
      }
    }
  });
});

describe('random paths', () => {
  it('answer in the error shape, never a 5xx, including broken percent-encoding', async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 20 }).map(encodeURIComponent),
      fc.constantFrom('%ZZ', '%', '%E0%A4%A', '%C0%AF', '..', 'contacts', 'leads', '%2F', '%00'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH'), async (segments, method) => {
        const path = `/v1/${segments.join('/')}`;
        const res = await call(api.url, path, { method, headers: auth(), ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) });
        expectClientAnswer(res, `${method} ${path}`);
      }),
      { numRuns: 150 },
    );
  });

  it('answers 400 for a path that is not valid percent-encoding', async () => {
    for (const path of ['/v1/%ZZ', '/v1/contacts/%E0%A4%A', '/v1/leads%']) {
      const res = await call(api.url, path, { headers: auth() });
      expect(res.status, path).toBe(400);
      expect(res.json.error?.code).toBe('invalid_request');
    }
  });
});
