import { deleteKeys } from '../lib/batch-delete';
import { tableName } from '../lib/dynamo';
import { scanAll } from '../lib/store';
import { newId } from '../lib/ids';
import { log } from '../lib/log';
import { TenantKeys } from '../lib/table-keys';
import { countByKind } from './footprint';
import { forgetCachedTenant } from './tenants';

export interface ClosureReceipt {
  receiptId: string;
  tenantId: string;
  closedAt: string;
  deleted: Record<string, number>;
}

type Item = Record<string, unknown>;

/** Every item of a tenant (its partition keys all start with `T#<tenantId>`). */
export async function tenantItems(tenantId: string): Promise<Item[]> {
  const root = TenantKeys.root(tenantId);
  return scanAll({
    TableName: tableName(),
    FilterExpression: 'PK = :root OR begins_with(PK, :prefix)',
    ExpressionAttributeValues: { ':root': root, ':prefix': `${root}#` },
    ProjectionExpression: 'PK, SK, entity',
  });
}

/**
 * Closes a tenant: deletes every item it has, profile, keys and audit log
 * included, and returns a receipt (ids and counts only). The receipt is
 * logged, as nothing of the tenant remains in the table to hold it.
 */
export async function closeTenant(tenantId: string): Promise<ClosureReceipt> {
  const items = await tenantItems(tenantId);
  // The profile goes last, so an interrupted closure can simply be run again.
  const profile = items.filter((i) => i.entity === 'tenant');
  await deleteKeys(items.filter((i) => i.entity !== 'tenant').map((i) => ({ PK: String(i.PK), SK: String(i.SK) })));
  await deleteKeys(profile.map((i) => ({ PK: String(i.PK), SK: String(i.SK) })));
  forgetCachedTenant(tenantId);
  const receipt: ClosureReceipt = { receiptId: newId('close'), tenantId, closedAt: new Date().toISOString(), deleted: countByKind(items) };
  log.info('tenant closed', { receipt });
  return receipt;
}
