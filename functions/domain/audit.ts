import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../lib/dynamo';
import { newId } from '../lib/ids';
import { TenantKeys } from '../lib/table-keys';

/** One append-only audit entry: who (key id), what, how many, when. Never personal data. */
export interface AuditEntry {
  action: string;
  /** `key:<keyId>`, `system:purge`, `cli`… */
  actor: string;
  /** What the action concerned: `leads`, `contact`, `tenant`… */
  subject?: string;
  /** Opaque ids (contactId, receiptId), formats, filters, counts. */
  details?: Record<string, string | number | boolean | null | Record<string, number | string>>;
}

export interface StoredAuditEntry extends AuditEntry {
  auditId: string;
  at: string;
}

/** Appends an audit entry. Audit entries are kept for the life of the tenant. */
export async function recordAudit(tenantId: string, entry: AuditEntry, at = new Date()): Promise<StoredAuditEntry> {
  const iso = at.toISOString();
  const stored: StoredAuditEntry = { auditId: newId('aud'), at: iso, ...entry };
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...TenantKeys.audit(tenantId, iso, stored.auditId), ...stored, entity: 'audit' },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  return stored;
}
