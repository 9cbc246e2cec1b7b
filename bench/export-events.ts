/**
 * The events half of the export benchmark: N events stored as ingest stores
 * them (the table's own day/shard partitions), exported through the HTTP
 * server as CSV, XLSX and JSON pages, against reading the same partitions
 * with Query in the same run (bench/export-compare.ts).
 */
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { createTenant, getTenant } from '../functions/domain/tenants';
import { compareExports } from './export-compare';
import { db } from '../functions/lib/dynamo';
import { EVENT_SHARDS, TenantKeys } from '../functions/lib/table-keys';

const DAY = 86_400_000;

function eventItem(tenantId: string, i: number, n: number, start: number) {
  const ts = new Date(start + Math.floor((i * 2 * DAY) / n)).toISOString();
  const eventId = `e_${randomBytes(12).toString('base64url')}`;
  return {
    ...TenantKeys.event(tenantId, ts, eventId),
    entity: 'event',
    eventId,
    visitorId: `v_${i % 5000}`,
    sessionId: `s_${i % 20000}`,
    type: 'page_view',
    ts,
    url: `https://acme.example/docs/${i % 300}?utm_source=news`,
    referrer: 'https://search.example/',
    utmSource: 'news',
    ipNetwork: '203.0.113.0/24',
    country: 'FI',
    browser: 'Firefox',
    os: 'Linux',
    deviceType: 'desktop',
    receivedAt: ts,
    expiresAt: 4_102_444_800,
  };
}

export async function seedEvents(table: string, tenantId: string, n: number, start: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) {
        const from = next;
        next += 25;
        const chunk = Array.from({ length: Math.min(25, n - from) }, (_, k) => eventItem(tenantId, from + k, n, start));
        let request: Record<string, unknown[]> | undefined = { [table]: chunk.map((Item) => ({ PutRequest: { Item } })) };
        while (request && Object.keys(request).length)
          request = (await db().send(new BatchWriteCommand({ RequestItems: request as never }))).UnprocessedItems as typeof request;
      }
    }),
  );
  for (let d = start; d < start + 3 * DAY; d += DAY) {
    const day = new Date(d).toISOString().slice(0, 10);
    await db().send(new PutCommand({ TableName: table, Item: { ...TenantKeys.eventDay(tenantId, day), entity: 'eventDay', day, expiresAt: 4_102_444_800 } }));
  }
}

export async function benchEventExports(base: string, table: string, n: number, rounds: number): Promise<string> {
  const t = await createTenant({ name: 'Bench events at scale' });
  const start = Date.UTC(2026, 0, 10, 12);
  const s0 = performance.now();
  await seedEvents(table, t.tenantId, n, start);
  const seeded = `Events: seeded ${n.toLocaleString('en')} events over two days in ${((performance.now() - s0) / 1000).toFixed(0)} s`;
  const tenant = (await getTenant(t.tenantId))!;
  const label = `Events (${EVENT_SHARDS} shards a day, ${3 * EVENT_SHARDS} partitions)`;
  return `${seeded}\n${await compareExports({ label, entity: 'events', tenant, url: `${base}/v1/events`, apiKey: t.apiKey, n, rounds })}`;
}
