import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeKeysOf, viewerAddress } from '../functions/lib/edge';
import { type TestServer, call, cid, newTenant, scanTenantData, startTestServer } from './support/api';
import { openLive } from './support/live';

const KEY = 'edge-key-for-this-test-only-0123456789abcdef';
// During a rotation the functions accept the value CloudFront sent before, too.
const PREVIOUS = 'previous-edge-key-0123456789abcdef0123456789';
let api: TestServer;
beforeAll(async () => {
  // As in AWS: the functions hold the key CloudFront adds to every request it forwards.
  process.env.PARLEY_EDGE_KEY = `${KEY},${PREVIOUS}`;
  api = await startTestServer();
});
afterAll(async () => {
  delete process.env.PARLEY_EDGE_KEY;
  await api.close();
});

const collect = (site: string, headers: Record<string, string>) =>
  call(api.url, '/v1/collect', {
    body: { site, visitorId: cid('vis'), sessionId: cid('ses'), events: [{ id: cid('evt'), type: 'page_view', ts: Date.now(), url: 'https://acme.example/' }] },
    headers,
  });

describe('behind CloudFront', () => {
  it('refuses a request without the edge key (the execute-api address called directly) with 403, storing nothing', async () => {
    const t = await newTenant();
    for (const headers of [{}, { 'x-parley-edge': 'guessed' }, { 'x-parley-edge': `${KEY}x`, 'cloudfront-viewer-address': '203.0.113.9:443' }]) {
      const res = await collect(t.siteKey, headers);
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ error: { code: 'edge_only' } });
    }
    expect((await call(api.url, '/v1/settings', { method: 'GET', headers: { authorization: `Bearer ${t.apiKey}` } })).status).toBe(403);
    expect((await scanTenantData(t.tenantId)).filter((i) => i.entity === 'event')).toEqual([]);
  });

  it('opens the live socket only with the edge key', async () => {
    const t = await newTenant();
    const edge = { 'x-parley-edge': KEY };
    const started = await call(api.url, '/v1/conversations', {
      body: { site: t.siteKey, visitorId: cid('vis'), sessionId: cid('ses'), pageUrl: 'https://acme.example/' },
      headers: edge,
    });
    expect(started.status).toBe(201);
    const token = String(started.json.visitorToken);
    await expect(openLive(api.url, token)).rejects.toThrow('refused 403');
    const socket = await openLive(api.url, token, edge);
    socket.close();
  });

  it.each([
    ['203.0.113.77:51234', '203.0.113.0/24'],
    ['2001:db8:abcd:12::1:443', '2001:db8:abcd::/48'],
  ])('takes the visitor’s address from CloudFront-Viewer-Address %s, stored only as %s', async (viewer, network) => {
    const t = await newTenant();
    const res = await collect(t.siteKey, { 'x-parley-edge': KEY, 'cloudfront-viewer-address': viewer });
    expect(res.status).toBe(202);
    const [event] = (await scanTenantData(t.tenantId)).filter((i) => i.entity === 'event');
    expect(event?.ipNetwork).toBe(network);
    expect(JSON.stringify(await scanTenantData(t.tenantId))).not.toContain(KEY);
  });

  it('accepts the previous key during a rotation, and reads the keys from the secret as CloudFront and the functions share it', async () => {
    const t = await newTenant();
    expect((await collect(t.siteKey, { 'x-parley-edge': PREVIOUS })).status).toBe(202);
    expect(edgeKeysOf(undefined, JSON.stringify({ current: 'a'.repeat(48), previous: 'b'.repeat(48) }))).toEqual(['a'.repeat(48), 'b'.repeat(48)]);
    expect(edgeKeysOf(undefined, JSON.stringify({ current: 'a'.repeat(48) }))).toEqual(['a'.repeat(48)]);
    expect(edgeKeysOf(undefined, 'plain-secret-string')).toEqual(['plain-secret-string']);
    expect(edgeKeysOf(' x , y ', 'ignored when a plain value is set')).toEqual(['x', 'y']);
    expect(edgeKeysOf(undefined, undefined)).toEqual([]);
  });

  it('reads only an address and a port from the header', () => {
    expect(viewerAddress('198.51.100.7:53124')).toBe('198.51.100.7');
    expect(viewerAddress('2001:db8::7:53124')).toBe('2001:db8::7');
    for (const bad of [undefined, '', '198.51.100.7', ':443', 'evil.example:443', '999.1.1.1:80']) expect(viewerAddress(bad)).toBeUndefined();
  });
});
