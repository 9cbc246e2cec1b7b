import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, call, newTenant, startTestServer } from './support/api';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

describe('customer settings', () => {
  it('requires the secret key, and a key sees only its own tenant', async () => {
    const a = await newTenant({ name: 'A' });
    const b = await newTenant({ name: 'B' });
    expect((await call(api.url, '/v1/settings')).status).toBe(401);
    expect((await call(api.url, '/v1/settings', { headers: { authorization: `Bearer ${a.apiKey.slice(0, -1)}x` } })).status).toBe(401);
    const forged = a.apiKey.replace(a.tenantId, b.tenantId);
    expect((await call(api.url, '/v1/settings', { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    const mine = await call(api.url, '/v1/settings', { headers: { authorization: `Bearer ${a.apiKey}` } });
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ tenantId: a.tenantId, name: 'A', siteKey: a.siteKey });
  });

  it('saves valid settings, shows them in the widget config, and refuses invalid ones whole', async () => {
    const t = await newTenant();
    const auth = { authorization: `Bearer ${t.apiKey}` };
    const current = (await call(api.url, '/v1/settings', { headers: auth })).json as { settings: Record<string, unknown> };
    const next = { ...current.settings, consentMode: 'required', theme: { color: '#0f766e', side: 'left' } };
    const saved = await call(api.url, '/v1/settings', { method: 'PUT', body: next, headers: auth });
    expect(saved.status).toBe(200);
    const config = await call(api.url, `/v1/widget/config?site=${t.siteKey}`);
    expect(config.json).toMatchObject({ consentMode: 'required', theme: { color: '#0f766e', side: 'left' } });

    const bad = await call(api.url, '/v1/settings', { method: 'PUT', body: { ...next, retentionDays: 0, consentMode: 'sometimes' }, headers: auth });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.issues?.map((i) => i.path).sort()).toEqual(['consentMode', 'retentionDays']);
    expect((await call(api.url, `/v1/widget/config?site=${t.siteKey}`)).json).toMatchObject({ consentMode: 'required' });
  });
});

describe('settings changes', () => {
  it('accept any subset, merge theme and bot field by field, take "ipMask", and refuse unknown settings', async () => {
    const t = await newTenant();
    const auth = { authorization: `Bearer ${t.apiKey}` };
    const res = await call(api.url, '/v1/settings', {
      method: 'PUT',
      body: { retentionDays: 30, ipMask: '/16', theme: { side: 'left' }, bot: { greeting: 'Hei!' } },
      headers: auth,
    });
    expect(res.status).toBe(200);
    expect(res.json.settings).toMatchObject({
      retentionDays: 30,
      ipv4Prefix: 16,
      theme: { side: 'left', color: '#1d4ed8' },
      bot: { greeting: 'Hei!', questions: expect.any(Array) },
      consentMode: 'optional',
    });
    const typo = await call(api.url, '/v1/settings', { method: 'PUT', body: { retentionDayz: 5 }, headers: auth });
    expect(typo.status).toBe(400);
    // The wider mask applies to what is stored from now on.
    await call(api.url, '/v1/collect', {
      body: {
        site: t.siteKey,
        visitorId: 'v-mask-16',
        sessionId: 's-mask-16',
        events: [{ id: 'e-mask-16', type: 'page_view', ts: Date.now(), url: 'https://acme.example/' }],
      },
    });
    const stored = await call(api.url, '/v1/events', { headers: auth });
    expect((stored.json.data as { ipNetwork: string }[])[0]!.ipNetwork).toBe('127.0.0.0/16');
  });
});

describe('CORS preflight', () => {
  it("answers any origin's preflight from the route table, leaving the real request to the tenant check", async () => {
    const res = await fetch(`${api.url}/v1/collect`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect((await call(api.url, '/v1/nothing-here')).status).toBe(404);
  });
});
