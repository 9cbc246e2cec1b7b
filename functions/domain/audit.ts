import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { AsyncLocalStorage } from 'node:async_hooks';
import { db, tableName } from '../lib/dynamo';
import { newId } from '../lib/ids';
import { TenantKeys } from '../lib/table-keys';

/** One append-only audit entry: who (user or key id, and the role or scopes used), what, how many, when. Never personal data. */
export interface AuditEntry {
  action: string;
  /** `key:<keyId>`, `user:<userId>`, `system:purge`, `cli`… */
  actor: string;
  /** The role or key scopes the actor acted with; filled in from the request when not given. */
  actorRole?: string;
  /** What the action concerned: `leads`, `contact`, `tenant`… */
  subject?: string;
  /** Opaque ids (contactId, receiptId), formats, filters, counts. */
  details?: Record<string, string | number | boolean | null | Record<string, number | string>>;
}

export interface StoredAuditEntry extends AuditEntry {
  auditId: string;
  at: string;
}

/** The role or scopes of whoever the current request acts for (set by the HTTP layer around each handler). */
const actingRole = new AsyncLocalStorage<string>();

/** Runs `work` with every audit entry it records naming `role`. */
export const actingAs = <T>(role: string, work: () => T): T => actingRole.run(role, work);

/** Appends an audit entry. Audit entries are kept for the life of the tenant. */
export async function recordAudit(tenantId: string, entry: AuditEntry, at = new Date()): Promise<StoredAuditEntry> {
  const iso = at.toISOString();
  const actorRole = entry.actorRole ?? actingRole.getStore();
  const stored: StoredAuditEntry = { auditId: newId('aud'), at: iso, ...entry, ...(actorRole ? { actorRole } : {}) };
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...TenantKeys.audit(tenantId, iso, stored.auditId), ...stored, entity: 'audit' },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  return stored;
}
