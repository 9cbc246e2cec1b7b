import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import { type TestServer, call, newTenant, scanTenantData, startTestServer } from './support/api';

let api: TestServer;
let t: CreatedTenant;
beforeAll(async () => {
  api = await startTestServer();
  t = await newTenant();
});
afterAll(() => api.close());

const PATHS = ['/v1/collect', '/v1/conversations', '/v1/leads'] as const;

function expectErrorShape(res: Awaited<ReturnType<typeof call>>) {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(typeof res.json.error?.code).toBe('string');
  expect(res.json.error?.code).toMatch(/^[a-z_]+$/);
  expect(typeof res.json.error?.message).toBe('string');
}

describe('random bodies at the POST endpoints', () => {
  it('get a 4xx in the error shape, never a 5xx, for arbitrary JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), fc.jsonValue(), async (path, value) => {
        const res = await call(api.url, path, { method: 'POST', rawBody: JSON.stringify(value), headers: { 'content-type': 'application/json' } });
        expectErrorShape(res);
      }),
      { numRuns: 150 },
    );
  });

  it('get a 4xx for arbitrary strings and bytes, whatever the content type says', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PATHS),
        fc.string({ maxLength: 300 }),
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', ''),
        async (path, raw, type) => {
          const res = await call(api.url, path, { method: 'POST', rawBody: raw, headers: type ? { 'content-type': type } : {} });
          if (res.status < 400) return; // a string that happens to be a valid body
          expectErrorShape(res);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never fail on the server for bodies shaped like the real thing with hostile values, and store nothing when refused', async () => {
    const site = fc.oneof(fc.constant(t.siteKey), fc.constant('ps_aaaaaaaaaaaaaaaa_AAAAAAAAAA'), fc.string());
    const hostile = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant('__proto__'),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.object({ maxDepth: 1 }),
    );
    const event = fc.record(
      {
        id: fc.oneof(hostile, fc.stringMatching(/^[A-Za-z0-9_-]{8,20}$/)),
        type: fc.oneof(hostile, fc.constantFrom('page_view', 'click', 'scroll', 'session_end', 'custom')),
        ts: fc.oneof(hostile, fc.constant(Date.now())),
        url: fc.oneof(hostile, fc.webUrl()),
        depth: hostile,
      },
      { requiredKeys: [] },
    );
    const bodies = fc.oneof(
      fc.record({ site, sessionId: hostile, events: fc.array(event, { maxLength: 60 }) }, { requiredKeys: [] }).map((b) => ['/v1/collect', b] as const),
      fc
        .record({ site, visitorId: hostile, sessionId: hostile, pageUrl: fc.oneof(hostile, fc.webUrl()) }, { requiredKeys: [] })
        .map((b) => ['/v1/conversations', b] as const),
      fc
        .record(
          {
            site,
            visitorId: hostile,
            fields: fc.oneof(hostile, fc.record({ email: fc.oneof(hostile, fc.emailAddress()), phone: hostile })),
            answers: fc.oneof(hostile, fc.array(fc.record({ question: hostile, answer: hostile }), { maxLength: 3 })),
            consent: fc.oneof(hostile, fc.record({ marketing: hostile, text: hostile })),
          },
          { requiredKeys: [] },
        )
        .map((b) => ['/v1/leads', b] as const),
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(bodies, async ([path, body]) => {
        const res = await call(api.url, path, { body });
        if (res.status < 300) accepted += 1;
        else expectErrorShape(res);
      }),
      { numRuns: 200 },
    );
    // Random values essentially never form a valid body; if one did, it may have stored something.
    if (accepted === 0) expect(await scanTenantData(t.tenantId)).toEqual([]);
  });
});
