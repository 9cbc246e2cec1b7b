import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import { type TestServer, call, cid, newTenant, scanTenant, startTestServer } from './support/api';
import { startFakeHubSpot } from './support/fake-hubspot';
import { until } from './support/webhook-receiver';

const TOKEN = `pat-eu1-${cid('t')}`;
let api: TestServer;
let t: CreatedTenant;
let hubspot: Awaited<ReturnType<typeof startFakeHubSpot>>;
beforeAll(async () => {
  hubspot = await startFakeHubSpot(TOKEN);
  process.env.PARLEY_HUBSPOT_API_URL = hubspot.url;
  api = await startTestServer();
  t = await newTenant();
});
afterAll(async () => {
  await api.close();
  await hubspot.close();
});

const auth = () => ({ authorization: `Bearer ${t.apiKey}` });

describe('the HubSpot adapter', () => {
  it('creates a HubSpot contact for a new lead and updates the same contact by email; the token is stored sealed', async () => {
    expect((await call(api.url, '/v1/webhooks/hubspot/deliveries', { headers: auth() })).status).toBe(404);
    expect((await call(api.url, '/v1/integrations/hubspot', { method: 'PUT', body: { token: 'short' }, headers: auth() })).status).toBe(400);
    const connected = await call(api.url, '/v1/integrations/hubspot', { method: 'PUT', body: { token: TOKEN }, headers: auth() });
    expect(connected.status).toBe(200);
    expect(connected.json).toMatchObject({ connected: true, enabled: true });
    expect(JSON.stringify(await scanTenant(t.tenantId))).not.toContain(TOKEN);
    expect(JSON.stringify((await call(api.url, '/v1/webhooks', { headers: auth() })).json)).not.toContain('hubspot');

    const visitorId = cid('vis');
    const conv = await call(api.url, '/v1/conversations', { body: { site: t.siteKey, visitorId, sessionId: cid('ses'), pageUrl: 'https://acme.example/' } });
    const lead = (fields: Record<string, string>) =>
      call(api.url, '/v1/leads', {
        body: { site: t.siteKey, visitorId, conversationId: conv.json.conversationId, fields, answers: [], consent: { marketing: true, text: 'ok' } },
        headers: { 'x-parley-visitor': String(conv.json.visitorToken) },
      });
    expect((await lead({ email: 'grace@example.com', firstName: 'Grace' })).status).toBe(201);
    await until(() => hubspot.contacts.has('grace@example.com'), 'the HubSpot contact');
    expect(hubspot.contacts.get('grace@example.com')?.properties).toEqual({ email: 'grace@example.com', firstname: 'Grace' });
    await lead({ email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', company: 'Navy' });
    await until(() => hubspot.contacts.get('grace@example.com')?.properties.lastname === 'Hopper', 'the update');
    expect(hubspot.contacts.size).toBe(1);
    expect(hubspot.contacts.get('grace@example.com')?.properties).toEqual({
      email: 'grace@example.com',
      firstname: 'Grace',
      lastname: 'Hopper',
      company: 'Navy',
    });
    expect(hubspot.refused).toEqual([]);

    // Its deliveries are logged like a webhook's.
    const log = (await call(api.url, '/v1/webhooks/hubspot/deliveries', { headers: auth() })).json.data as { status: string; responseStatus?: number }[];
    expect(log.map((d) => [d.status, d.responseStatus])).toEqual([
      ['delivered', 200],
      ['delivered', 200],
    ]);
  });

  it('sends nothing for a lead without an email, and stops once removed', async () => {
    const before = hubspot.contacts.size;
    await call(api.url, '/v1/leads', {
      body: { site: t.siteKey, visitorId: cid('vis'), fields: { firstName: 'Nomail' }, answers: [], consent: { marketing: false, text: 'ok' } },
    });
    await until(async () => {
      const log = (await call(api.url, '/v1/webhooks/hubspot/deliveries', { headers: auth() })).json.data as { status: string }[];
      return log.some((d) => d.status === 'skipped');
    }, 'the skipped delivery');
    expect((await call(api.url, '/v1/webhooks/hubspot', { method: 'DELETE', headers: auth() })).status).toBe(204);
    expect((await call(api.url, '/v1/webhooks/hubspot/deliveries', { headers: auth() })).status).toBe(404);
    await call(api.url, '/v1/leads', {
      body: { site: t.siteKey, visitorId: cid('vis'), fields: { email: 'late@example.com' }, answers: [], consent: { marketing: false, text: 'ok' } },
    });
    await new Promise((r) => setTimeout(r, 800));
    expect(hubspot.contacts.size).toBe(before);
    expect(hubspot.refused).toEqual([]);
  });
});
