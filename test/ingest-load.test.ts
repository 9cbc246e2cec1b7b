import { request, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant } from '../functions/domain/tenants';
import { type TestServer, call, cid, newTenant, scanTenantData, startTestServer } from './support/api';

let api: TestServer;
let t: CreatedTenant;
beforeAll(async () => {
  api = await startTestServer();
  t = await newTenant();
});
afterAll(() => api.close());

describe('healthy storage under concurrent load', () => {
  it('answers every batch of 32 concurrent clients with 202, never 503, and stores every event once', async () => {
    const clients = 32;
    const batchesPerClient = 2;
    const statuses: number[] = [];
    const visitors: string[] = [];
    await Promise.all(
      Array.from({ length: clients }, async () => {
        const visitorId = cid('vis');
        visitors.push(visitorId);
        for (let b = 0; b < batchesPerClient; b++) {
          const events = Array.from({ length: 50 }, (_, i) => ({ id: cid('evt'), type: 'page_view', ts: Date.now() + i, url: 'https://acme.example/' }));
          const res = await call(api.url, '/v1/collect', { body: { site: t.siteKey, visitorId, sessionId: cid('ses'), events } });
          statuses.push(res.status);
        }
      }),
    );
    expect(statuses.filter((s) => s !== 202)).toEqual([]);
    const events = (await scanTenantData(t.tenantId)).filter((i) => i.entity === 'event');
    expect(events).toHaveLength(clients * batchesPerClient * 50);
  }, 120_000);

  it('keeps an idle kept-alive connection open longer than clients keep theirs, so reuse never meets a reset', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = request(`${api.url}/v1/openapi.json`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end();
      });
    expect((await get()).status).toBe(200);
    // Node's own default closes idle connections after 5 s; fetch keeps its sockets for 4 s and more.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await get()).toEqual({ status: 200, reused: true });
    agent.destroy();
  }, 20_000);
});
