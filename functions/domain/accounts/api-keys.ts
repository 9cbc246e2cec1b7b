import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../lib/dynamo';
import { notFound } from '../../lib/errors';
import { randomString, sha256 } from '../../lib/ids';
import { ConditionFailed, conditionally, queryAll } from '../../lib/store';
import { TenantKeys } from '../../lib/table-keys';
import type { KeyScope } from '../../../shared/permissions';

export interface ApiKeyInfo {
  keyId: string;
  name: string;
  /** Empty: a full-scope key (the tenant's first keys). */
  scopes: KeyScope[];
  createdAt: string;
  createdBy?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** A new secret key `sk_<tenantId>_<keyId>_<secret>`: returned once, stored only as a hash. */
export async function createApiKey(
  tenantId: string,
  input: { name: string; scopes: KeyScope[]; createdBy: string },
): Promise<{ keyId: string; apiKey: string }> {
  const keyId = randomString(8);
  const secret = randomString(32);
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...TenantKeys.apiKey(tenantId, keyId),
        entity: 'apiKey',
        keyId,
        name: input.name,
        scopes: input.scopes,
        secretHash: sha256(secret),
        createdAt: new Date().toISOString(),
        createdBy: input.createdBy,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  return { keyId, apiKey: `sk_${tenantId}_${keyId}_${secret}` };
}

export async function listApiKeys(tenantId: string): Promise<ApiKeyInfo[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :k)',
    ExpressionAttributeValues: { ':pk': TenantKeys.profile(tenantId).PK, ':k': 'KEY#' },
  });
  return items.map((i) => ({
    keyId: String(i.keyId),
    name: String(i.name ?? 'Secret key'),
    scopes: (i.scopes as KeyScope[] | undefined) ?? [],
    createdAt: String(i.createdAt),
    ...(i.createdBy ? { createdBy: String(i.createdBy) } : {}),
    ...(i.lastUsedAt ? { lastUsedAt: String(i.lastUsedAt) } : {}),
    ...(i.revokedAt ? { revokedAt: String(i.revokedAt) } : {}),
  }));
}

/** Revokes a key at once: the next request with it is refused. */
export async function revokeApiKey(tenantId: string, keyId: string): Promise<void> {
  try {
    await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: TenantKeys.apiKey(tenantId, keyId),
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':now': new Date().toISOString() },
        }),
      ),
    );
  } catch (error) {
    throw error instanceof ConditionFailed ? notFound('Key') : error;
  }
}
