import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, call, cid, newTenant, scanTenant, scanTenantData, startTestServer } from './support/api';
import { freshMinute } from './support/clock';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => {
  delete process.env.PARLEY_RATE_LIMIT_PER_SITE;
  delete process.env.PARLEY_RATE_LIMIT_PER_KEY;
  return api.close();
});

describe('rate limits', () => {
  it('refuses the 501st request of a minute per API key with 429, Retry-After and RateLimit headers; other keys are unaffected', async () => {
    await freshMinute(25);
    const t = await newTenant();
    const other = await newTenant();
    const auth = { authorization: `Bearer ${t.apiKey}` };
    const statuses: number[] = [];
    for (let batch = 0; batch < 500; batch += 25) {
      const answers = await Promise.all(Array.from({ length: 25 }, () => fetch(`${api.url}/v1/settings`, { headers: auth })));
      statuses.push(...answers.map((r) => r.status));
      await Promise.all(answers.map((r) => r.arrayBuffer()));
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    const last = await call(api.url, '/v1/settings', { headers: auth });
    expect(last.status).toBe(429);
    expect(last.json.error?.code).toBe('rate_limited');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(last.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(last.headers.get('ratelimit-limit')).toBe('500');
    expect(last.headers.get('ratelimit-remaining')).toBe('0');
    const fine = await call(api.url, '/v1/leads', { headers: { authorization: `Bearer ${other.apiKey}` } });
    expect(fine.status).toBe(200);
    expect(fine.headers.get('ratelimit-limit')).toBe('500');
    expect(fine.headers.get('ratelimit-remaining')).toBe('499');
    // Waiting for a fresh minute can take up to 25 s before the 501 requests.
  }, 90_000);

  it('limits each site on the widget routes, and a refused request stores nothing', async () => {
    await freshMinute(10);
    process.env.PARLEY_RATE_LIMIT_PER_SITE = '5';
    const t = await newTenant();
    const body = () => ({
      site: t.siteKey,
      visitorId: cid('vis'),
      sessionId: cid('ses'),
      events: [{ id: cid('evt'), type: 'page_view', ts: Date.now(), url: 'https://acme.example/' }],
    });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call(api.url, '/v1/collect', { body: body() })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    expect((await scanTenantData(t.tenantId)).filter((i) => i.entity === 'event')).toHaveLength(5);
    const neighbour = await newTenant();
    expect((await call(api.url, '/v1/collect', { body: { ...body(), site: neighbour.siteKey } })).status).toBe(202);
  });
  it('counts a key on its own item only once the secret is verified: a wrong, revoked or full key writes nothing', async () => {
    await freshMinute(10);
    process.env.PARLEY_RATE_LIMIT_PER_KEY = '3';
    try {
      const t = await newTenant();
      const auth = { authorization: `Bearer ${t.apiKey}` };
      const wrong = { authorization: `Bearer ${t.apiKey.slice(0, -4)}AAAA` };
      const keyItem = async () => (await scanTenant(t.tenantId)).find((i) => i.entity === 'apiKey' && t.apiKey.includes(`_${String(i.keyId)}_`));
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(api.url, '/v1/settings', { headers: auth })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const full = await keyItem();
      expect(full).toMatchObject({ rateCount: 3, lastUsedAt: expect.any(String) });
      // A wrong secret is refused as such, not as "too many", even with the window full.
      expect((await call(api.url, '/v1/settings', { headers: wrong })).status).toBe(401);
      expect(await keyItem()).toEqual(full);
      // A revoked key: refused, and its item is left as revoked.
      process.env.PARLEY_RATE_LIMIT_PER_KEY = '500';
      const created = await call(api.url, '/v1/keys', { body: { name: 'Revoked', scopes: ['export'] }, headers: auth });
      expect((await call(api.url, `/v1/keys/${String(created.json.keyId)}`, { method: 'DELETE', headers: auth })).status).toBe(204);
      const revokedItem = async () => (await scanTenant(t.tenantId)).find((i) => i.keyId === created.json.keyId);
      const revoked = await revokedItem();
      expect(revoked).toMatchObject({ revokedAt: expect.any(String) });
      expect((await call(api.url, '/v1/leads', { headers: { authorization: `Bearer ${String(created.json.apiKey)}` } })).status).toBe(401);
      expect(await revokedItem()).toEqual(revoked);
      const items = await scanTenant(t.tenantId);
      expect(items.filter((i) => i.entity === 'rateWindow')).toEqual([]);
    } finally {
      delete process.env.PARLEY_RATE_LIMIT_PER_KEY;
    }
  });
});

describe('the sliding window', () => {
  it('lets no more than the limit through in any 60 seconds, also across a minute boundary', async () => {
    const { takeRequest } = await import('../functions/domain/rate-limit');
    const t = await newTenant();
    const limit = 50;
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const take = (at: number) =>
      takeRequest(t.tenantId, 'edge', limit, at).then(
        () => true,
        (e: { statusCode?: number; headers?: Record<string, string> }) => {
          expect(e.statusCode).toBe(429);
          expect(Number(e.headers?.['Retry-After'])).toBeGreaterThan(0);
          return false;
        },
      );
    let late = 0;
    for (let i = 0; i < limit + 5; i++) if (await take(minute + 59_000)) late++;
    expect(late).toBe(limit);
    // One second later, in the next minute: the previous minute still weighs 59/60.
    let early = 0;
    for (let i = 0; i < limit; i++) if (await take(minute + 60_000 + 1_000)) early++;
    expect(late + early).toBeLessThanOrEqual(limit + 1);
    // Half a minute on, half of the previous minute has slid out of the window.
    let half = 0;
    for (let i = 0; i < limit; i++) if (await take(minute + 60_000 + 30_000)) half++;
    expect(early + half).toBeGreaterThanOrEqual(Math.floor(limit / 2) - 1);
    expect(early + half).toBeLessThanOrEqual(Math.ceil(limit / 2) + 1);
  });

  it('counts every one of concurrent requests once, also as they roll the window into a new minute', async () => {
    const { takeRequest } = await import('../functions/domain/rate-limit');
    const t = await newTenant();
    const minute = (Math.floor(Date.now() / 60_000) + 10) * 60_000;
    const burst = async (at: number) => {
      const answers = await Promise.allSettled(Array.from({ length: 15 }, () => takeRequest(t.tenantId, 'burst', 10, at)));
      return answers.filter((a) => a.status === 'fulfilled').length;
    };
    expect(await burst(minute + 1_000)).toBe(10);
    // One second into the next minute, the previous 10 weigh floor(10 × 59/60) = 9: room for one.
    expect(await burst(minute + 61_000)).toBe(1);
    // Two minutes on, nothing of the earlier minutes is left in the window.
    expect(await burst(minute + 180_000)).toBe(10);
  });

  it('counts a request from an instance whose clock lags into the minute the window is already in', async () => {
    const { takeRequest } = await import('../functions/domain/rate-limit');
    const t = await newTenant();
    const minute = (Math.floor(Date.now() / 60_000) + 20) * 60_000;
    expect((await takeRequest(t.tenantId, 'skew', 3, minute + 60_500)).remaining).toBe(2);
    expect((await takeRequest(t.tenantId, 'skew', 3, minute + 59_900)).remaining).toBe(1);
    const window = (await scanTenant(t.tenantId)).find((i) => i.entity === 'rateWindow');
    expect(window).toMatchObject({ rateMinute: minute / 60_000 + 1, rateCount: 2 });
  });
});
