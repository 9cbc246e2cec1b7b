import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents } from '../functions/domain/events';
import { getTenant, type CreatedTenant } from '../functions/domain/tenants';
import { resetDbClient } from '../functions/lib/dynamo';
import { type DynamoDbLocal, ensureTable, freePort, startDynamoDbLocal } from '../local/dynamodb-local';
import { type TestServer, call, cid, newTenant, scanTenantData, startTestServer } from './support/api';

// This file owns a DynamoDB Local of its own, on disk, so it can stop and restart it.
let ddb: DynamoDbLocal;
let api: TestServer;
let t: CreatedTenant;
let dataDir: string;
let port: number;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-faults-'));
  port = await freePort();
  ddb = await startDynamoDbLocal({ path: dataDir, port });
  process.env.PARLEY_DYNAMODB_ENDPOINT = ddb.endpoint;
  process.env.PARLEY_TABLE = 'parley-faults';
  process.env.PARLEY_DYNAMODB_MAX_ATTEMPTS = '2';
  resetDbClient();
  await ensureTable(ddb.endpoint, 'parley-faults');
  // No delivery worker: this file stops DynamoDB under the server, and polls in the background would only add noise.
  api = await startTestServer({ deliveryWorker: false });
  t = await newTenant();
});
afterAll(async () => {
  await api.close();
  await ddb.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const batch = (n: number) => ({
  site: t.siteKey,
  visitorId: cid('vis'),
  sessionId: cid('ses'),
  events: Array.from({ length: n }, (_, i) => ({ id: cid('evt'), type: 'scroll', ts: Date.now() + i, url: 'https://acme.example/', depth: 25 })),
});

describe('when DynamoDB is down', () => {
  it('answers 503 with Retry-After, and the resent batches are stored exactly once after it returns', async () => {
    const before = batch(10);
    expect((await call(api.url, '/v1/collect', { body: before })).status).toBe(202);

    await ddb.stop();
    const during = [batch(50), batch(7)];
    for (const body of during) {
      const res = await call(api.url, '/v1/collect', { body });
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.json.error?.code).toBe('service_unavailable');
      expect(res.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/i);
    }
    const lead = await call(api.url, '/v1/leads', {
      body: { site: t.siteKey, visitorId: cid('vis'), fields: { email: 'x@example.com' }, answers: [], consent: { marketing: false, text: '' } },
    });
    expect(lead.status).toBe(503);

    ddb = await startDynamoDbLocal({ path: dataDir, port });
    for (const body of [before, ...during]) {
      await call(api.url, '/v1/collect', { body });
      const again = await call(api.url, '/v1/collect', { body });
      expect(again.json).toEqual({ accepted: 0, duplicates: body.events.length });
    }
    const events = (await scanTenantData(t.tenantId)).filter((i) => i.entity === 'event');
    expect(events).toHaveLength(67);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(67);
  });

  it('completes a half-written batch on resend without duplicating the written half', async () => {
    const body = batch(50);
    const tenant = (await getTenant(t.tenantId))!;
    const { CollectBodySchema } = await import('../shared/schemas/ingest');
    const { parse } = await import('valibot');
    // The first 25 events made it before the fault.
    await recordEvents(tenant, parse(CollectBodySchema, { ...body, events: body.events.slice(0, 25) }), body.visitorId, { deviceType: 'desktop' });
    const res = await call(api.url, '/v1/collect', { body });
    expect(res.json).toEqual({ accepted: 25, duplicates: 25 });
    const stored = (await scanTenantData(t.tenantId)).filter((i) => i.entity === 'event' && i.visitorId === body.visitorId);
    expect(stored).toHaveLength(50);
  });

  // Restarting DynamoDB Local on disk and resending 1,200 events takes ~30 s on a busy machine.
  it('counts each event once in its session when batches are cut short by a fault and resent', { timeout: 120_000 }, async () => {
    const bodies = Array.from({ length: 24 }, () => batch(50));
    const first = Promise.all(bodies.map((body) => call(api.url, '/v1/collect', { body }).catch(() => undefined)));
    await new Promise((r) => setTimeout(r, 150));
    await ddb.stop();
    await first;
    ddb = await startDynamoDbLocal({ path: dataDir, port });
    // The widget's outbox resends whatever did not get a 202.
    for (const body of bodies) {
      for (let attempt = 0; attempt < 5; attempt++) {
        if ((await call(api.url, '/v1/collect', { body })).status === 202) break;
      }
    }
    const items = (await scanTenantData(t.tenantId)).filter((i) => bodies.some((b) => b.visitorId === i.visitorId));
    const events = items.filter((i) => i.entity === 'event');
    const counted = items.filter((i) => i.entity === 'session').reduce((sum, s) => sum + Number(s.eventCount ?? 0), 0);
    expect(events).toHaveLength(24 * 50);
    expect(counted).toBe(24 * 50);
  });
});
