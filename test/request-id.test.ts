import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogSink } from '../functions/lib/log';
import { type TestServer, call, newTenant, startTestServer } from './support/api';

let api: TestServer;
const lines: Record<string, unknown>[] = [];
beforeAll(async () => {
  api = await startTestServer();
  setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
});
afterAll(() => api.close());

describe('log lines of a request', () => {
  it('name the request they belong to, also when requests run at the same time', async () => {
    const tenants = await Promise.all([newTenant(), newTenant(), newTenant()]);
    await Promise.all(
      tenants.map((t) => call(api.url, '/v1/tenant/close', { body: { confirm: t.tenantId }, headers: { authorization: `Bearer ${t.apiKey}` } })),
    );
    const closed = lines.filter((l) => l.message === 'tenant closed');
    expect(closed).toHaveLength(3);
    const ids = closed.map((l) => l.requestId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(3);
  });
});
