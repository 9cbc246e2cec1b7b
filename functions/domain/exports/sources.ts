import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/dynamo';
import { EVENT_SHARDS, TABLE_INDEXES, TenantKeys } from '../../lib/table-keys';
import type { Tenant } from '../tenants';
import type { Position } from './cursor';
import { visibilityFilter } from './visible';

export interface TimeRange {
  from?: string | undefined;
  to?: string | undefined;
}

export type Entity = 'leads' | 'conversations' | 'events' | 'audit';

/** The ordered list of Query inputs that together hold one entity of a tenant. */
export function partitionsOf(entity: Entity, tenant: Tenant, range: TimeRange, now: Date): QueryCommandInput[] {
  const base = { TableName: tableName(), ...visibilityFilter(now, { excludeRestricted: entity === 'leads' }) };
  const lo = range.from ?? '0000';
  const hi = `${range.to ?? '9999'}\uffff`;
  const byTime = (pk: string): QueryCommandInput => ({
    ...base,
    IndexName: TABLE_INDEXES.byTime,
    KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :lo AND :hi',
    ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':pk': pk, ':lo': lo, ':hi': hi },
  });
  switch (entity) {
    case 'leads':
      return [byTime(TenantKeys.streamPartition(tenant.tenantId, 'LEAD'))];
    case 'conversations':
      return [byTime(TenantKeys.streamPartition(tenant.tenantId, 'CONV'))];
    case 'events':
      return daysBetween(maxIso(range.from, tenant.createdAt), minIso(range.to, now.toISOString())).flatMap((day) =>
        Array.from({ length: EVENT_SHARDS }, (_, shard) => byTime(TenantKeys.eventStreamPartition(tenant.tenantId, day, shard))),
      );
    case 'audit':
      return monthsBetween(maxIso(range.from, tenant.createdAt), minIso(range.to, now.toISOString())).map((month) => ({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': TenantKeys.auditPartition(tenant.tenantId, month), ':lo': lo, ':hi': hi },
      }));
  }
}

const maxIso = (a: string | undefined, b: string) => (a && a > b ? a : b);
const minIso = (a: string | undefined, b: string) => (a && a < b ? a : b);

function daysBetween(fromIso: string, toIso: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(fromIso.slice(0, 10)); t <= Date.parse(toIso); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function monthsBetween(fromIso: string, toIso: string): string[] {
  const months: string[] = [];
  const end = toIso.slice(0, 7);
  for (let d = new Date(`${fromIso.slice(0, 7)}-01T00:00:00Z`); d.toISOString().slice(0, 7) <= end; d.setUTCMonth(d.getUTCMonth() + 1)) {
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

export interface Located {
  item: Record<string, unknown>;
  /** Resume here to continue after this item. */
  position: Position;
}

/**
 * Reads the partitions in order from `start`, yielding each visible item with
 * the position just after it. Memory holds one page of DynamoDB results.
 */
export async function* readPartitions(partitions: QueryCommandInput[], start: Position = { p: 0 }, pageSize = 500): AsyncGenerator<Located> {
  for (let p = start.p; p < partitions.length; p++) {
    let exclusiveStartKey = p === start.p ? start.k : undefined;
    do {
      const page = await db().send(new QueryCommand({ ...partitions[p]!, Limit: pageSize, ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}) }));
      const keyNames = ['PK', 'SK', ...(partitions[p]!.IndexName ? [`${partitions[p]!.IndexName}PK`, `${partitions[p]!.IndexName}SK`] : [])];
      for (const item of page.Items ?? []) {
        const k = Object.fromEntries(keyNames.map((n) => [n, item[n]]));
        yield { item, position: { p, k } };
      }
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
  }
}
