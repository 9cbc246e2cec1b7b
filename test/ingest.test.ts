import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, call, cid, newTenant, scanTenantData, startTestServer } from './support/api';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer({ trustProxy: true });
});
afterAll(() => api.close());

const now = () => Date.now();
const pageView = (url = 'https://acme.example/pricing?utm_source=news&utm_medium=email&utm_campaign=fall') => ({
  id: cid('evt'),
  type: 'page_view',
  ts: now(),
  url,
  referrer: 'https://search.example/',
});
const CHROME_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

describe('POST /v1/collect', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['2001:db8:abcd:12::1', '2001:db8:abcd::/48'],
    ['::ffff:198.51.100.23', '198.51.100.0/24'],
  ])('stores %s only as its network %s, with UA and UTM parsed', async (ip, network) => {
    const t = await newTenant();
    const res = await call(api.url, '/v1/collect', {
      body: { site: t.siteKey, visitorId: cid('vis'), sessionId: cid('ses'), events: [pageView()] },
      headers: { 'x-forwarded-for': `${ip}, 10.0.0.1`, 'user-agent': CHROME_MAC },
    });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ accepted: 1, duplicates: 0 });
    const items = await scanTenantData(t.tenantId);
    const event = items.find((i) => i.entity === 'event');
    expect(event).toMatchObject({
      type: 'page_view',
      ipNetwork: network,
      browser: 'Chrome',
      os: 'Mac OS',
      deviceType: 'desktop',
      utmSource: 'news',
      utmMedium: 'email',
      utmCampaign: 'fall',
      referrer: 'https://search.example/',
    });
    const everything = JSON.stringify(items);
    expect(everything).not.toContain(ip);
    expect(everything).not.toContain('10.0.0.1');
  });

  it('counts a resent batch as duplicates and stores each event once', async () => {
    const t = await newTenant();
    const body = {
      site: t.siteKey,
      visitorId: cid('vis'),
      sessionId: cid('ses'),
      events: [pageView(), { id: cid('evt'), type: 'scroll', ts: now(), url: 'https://acme.example/', depth: 50 }],
    };
    const first = await call(api.url, '/v1/collect', { body });
    const again = await call(api.url, '/v1/collect', { body });
    expect(first.json).toEqual({ accepted: 2, duplicates: 0 });
    expect(again.status).toBe(202);
    expect(again.json).toEqual({ accepted: 0, duplicates: 2 });
    const items = await scanTenantData(t.tenantId);
    expect(items.filter((i) => i.entity === 'event')).toHaveLength(2);
    expect(items.find((i) => i.entity === 'session')).toMatchObject({ eventCount: 2 });
  });

  it('files events without a visitorId under a cookieless id of the day, the same for the same browser', async () => {
    const t = await newTenant();
    const headers = { 'x-forwarded-for': '198.51.100.9', 'user-agent': CHROME_MAC };
    for (let i = 0; i < 2; i++) {
      const res = await call(api.url, '/v1/collect', { body: { site: t.siteKey, sessionId: cid('ses'), events: [pageView()] }, headers });
      expect(res.status).toBe(202);
    }
    await call(api.url, '/v1/collect', {
      body: { site: t.siteKey, sessionId: cid('ses'), events: [pageView()] },
      headers: { ...headers, 'x-forwarded-for': '198.51.100.10' },
    });
    const visitors = new Set((await scanTenantData(t.tenantId)).filter((i) => i.entity === 'event').map((i) => i.visitorId));
    expect(visitors.size).toBe(2);
    for (const v of visitors) expect(String(v)).toMatch(/^d_/);
  });
});

describe('conversation, message and lead round trip', () => {
  it("stores the chat and the lead, linked to the visitor and the day's events", async () => {
    const t = await newTenant();
    const visitorId = cid('vis');
    const sessionId = cid('ses');
    const headers = { 'x-forwarded-for': '203.0.113.5', 'user-agent': CHROME_MAC };
    await call(api.url, '/v1/collect', { body: { site: t.siteKey, sessionId, events: [pageView()] }, headers });

    const start = await call(api.url, '/v1/conversations', {
      body: { site: t.siteKey, visitorId, sessionId, pageUrl: 'https://acme.example/pricing?utm_source=ads' },
      headers,
    });
    expect(start.status).toBe(201);
    const { conversationId, visitorToken } = start.json as { conversationId: string; visitorToken: string };
    expect(conversationId).toBeTruthy();
    const resumed = await call(api.url, '/v1/conversations', {
      body: { site: t.siteKey, visitorId, sessionId, pageUrl: 'https://acme.example/' },
      headers: { ...headers, 'x-parley-visitor': visitorToken },
    });
    expect(resumed.json).toMatchObject({ conversationId });

    const message = { id: cid('msg'), author: 'visitor', text: 'Hello, <b>do you ship</b> to Finland?', ts: now() };
    const path = `/v1/conversations/${conversationId}/messages`;
    expect((await call(api.url, path, { body: message, headers: { 'x-parley-visitor': visitorToken } })).status).toBe(201);
    expect((await call(api.url, path, { body: message, headers: { 'x-parley-visitor': visitorToken } })).status).toBe(201);
    expect((await call(api.url, path, { body: message })).status).toBe(401);
    expect((await call(api.url, path, { body: message, headers: { 'x-parley-visitor': `${visitorToken.slice(0, -2)}xx` } })).status).toBe(401);

    const lead = await call(api.url, '/v1/leads', {
      body: {
        site: t.siteKey,
        visitorId,
        conversationId,
        fields: { firstName: 'Aino', email: 'Aino@Example.com', company: 'Oy Example Ab' },
        answers: [{ question: 'What can we help you with?', answer: 'Pricing' }],
        consent: { marketing: true, text: 'May we email you?' },
      },
      headers: { ...headers, 'x-parley-visitor': visitorToken },
    });
    expect(lead.status).toBe(201);
    const { contactId } = lead.json as { contactId: string };

    const items = await scanTenantData(t.tenantId);
    const messages = items.filter((i) => i.entity === 'message');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ text: 'Hello, <b>do you ship</b> to Finland?', author: 'visitor' });
    expect(items.find((i) => i.entity === 'conversation')).toMatchObject({ conversationId, messageCount: 1, contactId, visitorId });
    expect(items.find((i) => i.entity === 'contact')).toMatchObject({
      contactId,
      email: 'aino@example.com',
      firstName: 'Aino',
      consentMarketing: true,
      pageUrl: 'https://acme.example/pricing?utm_source=ads',
      utmSource: 'ads',
      ipNetwork: '203.0.113.0/24',
      answers: [{ question: 'What can we help you with?', answer: 'Pricing' }],
    });
    const link = items.find((i) => i.entity === 'visitorLink');
    const dayEvent = items.find((i) => i.entity === 'event');
    expect(link).toMatchObject({ visitorId, dayVisitorId: dayEvent?.visitorId });
  });

  it("hides another visitor's conversation behind 404", async () => {
    const t = await newTenant();
    const owner = await call(api.url, '/v1/conversations', {
      body: { site: t.siteKey, visitorId: cid('vis'), sessionId: cid('ses'), pageUrl: 'https://acme.example/' },
    });
    const other = await call(api.url, '/v1/conversations', {
      body: { site: t.siteKey, visitorId: cid('vis'), sessionId: cid('ses'), pageUrl: 'https://acme.example/' },
    });
    const res = await call(api.url, `/v1/conversations/${String(owner.json.conversationId)}/messages`, {
      body: { id: cid('msg'), author: 'visitor', text: 'hi', ts: now() },
      headers: { 'x-parley-visitor': String(other.json.visitorToken) },
    });
    expect(res.status).toBe(404);
    expect(res.json.error?.code).toBe('not_found');
  });
});

describe('allowed origins', () => {
  it('serves an allowed origin with CORS, refuses another with 403 and no CORS grant, storing nothing', async () => {
    const t = await newTenant({ origins: ['https://shop.example'] });
    const body = { site: t.siteKey, visitorId: cid('vis'), sessionId: cid('ses'), events: [pageView()] };
    const ok = await call(api.url, '/v1/collect', { body, headers: { origin: 'https://shop.example' } });
    expect(ok.status).toBe(202);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const evil = await call(api.url, '/v1/collect', { body: { ...body, events: [pageView()] }, headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.json.error?.code).toBe('origin_not_allowed');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const config = await call(api.url, `/v1/widget/config?site=${t.siteKey}`, { headers: { origin: 'https://evil.example' } });
    expect(config.status).toBe(403);
    expect((await scanTenantData(t.tenantId)).filter((i) => i.entity === 'event')).toHaveLength(1);
  });
});
