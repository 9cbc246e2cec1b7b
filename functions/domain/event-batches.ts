import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { CollectEvent } from '../../shared/schemas/ingest';
import { type ItemKey, TTL_ATTRIBUTE, TenantKeys } from '../lib/table-keys';
import { expiryFor } from './captured';
import type { Tenant } from './tenants';

type Item = Record<string, unknown>;

/**
 * The batch item: one per stored batch, under its visitor, naming every
 * event of the batch (time and id, from which its key follows), so access
 * and erasure find a visitor's events without an index entry per event.
 * The list is deflated (`<epoch ms in base 36> <id>` lines): 50 events
 * with the widget's ids fit in one write unit. Kept as long as its newest
 * event, under any retention.
 */
export function eventBatchItem(tenant: Tenant, visitorId: string, events: CollectEvent[], batchHash: string): Item {
  const newest = events.map((e) => e.ts).sort()[events.length - 1]!;
  const lines = events.map((e) => `${Date.parse(e.ts).toString(36)} ${e.id}`).join('\n');
  return {
    ...TenantKeys.eventBatch(tenant.tenantId, visitorId, batchHash),
    entity: 'eventBatch',
    ts: newest,
    events: deflateRawSync(lines),
    [TTL_ATTRIBUTE]: expiryFor(tenant, newest),
  };
}

/** The keys of the events a batch item names. */
export function eventKeysOfBatch(tenantId: string, batch: Item): ItemKey[] {
  if (!(batch.events instanceof Uint8Array)) return [];
  return inflateRawSync(batch.events)
    .toString()
    .split('\n')
    .map((line) => {
      const at = line.indexOf(' ');
      return TenantKeys.event(tenantId, new Date(Number.parseInt(line.slice(0, at), 36)).toISOString(), line.slice(at + 1));
    });
}
