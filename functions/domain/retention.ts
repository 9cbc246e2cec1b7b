import { deleteKeys } from '../lib/batch-delete';
import { tableName } from '../lib/dynamo';
import { log } from '../lib/log';
import { type ItemKey, TTL_ATTRIBUTE } from '../lib/table-keys';
import { recordAudit } from './audit';
import { countByKind } from './footprint';
import { getTenant } from './tenants';
import { scanPages } from '../lib/store';

type Item = Record<string, unknown>;

/** Items that live as long as the tenant: never purged by retention. */
const KEPT = new Set(['tenant', 'apiKey', 'audit']);

/** When an item was captured, by the attribute each kind keeps. */
function capturedAt(item: Item): string | undefined {
  const value = item.ts ?? item.createdAt ?? item.lastSeenAt ?? item.linkedAt;
  return typeof value === 'string' ? value : undefined;
}

const tenantOf = (pk: string) => /^T#([a-z0-9]{16})/.exec(pk)?.[1];

export interface PurgeResult {
  scanned: number;
  deleted: number;
  tenants: Record<string, Record<string, number>>;
}

/**
 * Deletes at once everything past retention: items whose TTL has passed
 * (DynamoDB deletes those only eventually) and items captured before the
 * tenant's current retention window (so shortening retention takes effect
 * now). Audit entries are kept for the life of the tenant. A full parallel
 * scan: meant for a scheduled job; TTL does the steady-state work.
 */
export async function purgeExpired(now = new Date(), options: { segments?: number; tenantIds?: string[] } = {}): Promise<PurgeResult> {
  const only = options.tenantIds ? new Set(options.tenantIds) : undefined;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const cutoffs = new Map<string, string | null>();
  const cutoffFor = async (tenantId: string) => {
    if (!cutoffs.has(tenantId)) {
      const tenant = await getTenant(tenantId);
      cutoffs.set(tenantId, tenant ? new Date(now.getTime() - tenant.settings.retentionDays * 86_400_000).toISOString() : null);
    }
    return cutoffs.get(tenantId) ?? null;
  };
  const doomed = new Map<string, Item[]>();
  let scanned = 0;
  const segments = options.segments ?? 4;
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      for await (const page of scanPages({ TableName: tableName(), Segment: segment, TotalSegments: segments })) {
        for (const item of page) {
          scanned += 1;
          const tenantId = tenantOf(String(item.PK));
          if (!tenantId || KEPT.has(String(item.entity)) || (only && !only.has(tenantId))) continue;
          const expiresAt = item[TTL_ATTRIBUTE];
          const expired = typeof expiresAt === 'number' && expiresAt <= nowSeconds;
          const cutoff = expired ? null : await cutoffFor(tenantId);
          const captured = capturedAt(item);
          if (expired || (cutoff && captured && captured < cutoff)) {
            const list = doomed.get(tenantId) ?? [];
            list.push(item);
            doomed.set(tenantId, list);
          }
        }
      }
    }),
  );
  const result: PurgeResult = { scanned, deleted: 0, tenants: {} };
  for (const [tenantId, items] of doomed) {
    await deleteKeys(items.map((i): ItemKey => ({ PK: String(i.PK), SK: String(i.SK) })));
    const counts = countByKind(items);
    result.tenants[tenantId] = counts;
    result.deleted += items.length;
    if (await getTenant(tenantId))
      await recordAudit(tenantId, { action: 'purge', actor: 'system:purge', subject: 'retention', details: { deleted: counts } }, now);
  }
  log.info('retention purge', { scanned, deleted: result.deleted, tenants: Object.keys(result.tenants).length });
  return result;
}
