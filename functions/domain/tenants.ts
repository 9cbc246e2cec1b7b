import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { timingSafeEqual } from 'node:crypto';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/schemas/settings';
import { db, tableName } from '../lib/dynamo';
import { ConditionFailed, conditionally } from '../lib/store';
import { ApiError, notFound, unauthorized } from '../lib/errors';
import { newTenantId, randomString, sha256 } from '../lib/ids';
import { TenantKeys } from '../lib/table-keys';
import { forgetPagesOf } from './exports/read-ahead';
import { type RateState, countRequest, rateLimits, takeRequest } from './rate-limit';
import { config } from '../lib/config';
import type { KeyScope } from '../../shared/permissions';

export interface Tenant {
  tenantId: string;
  name: string;
  siteKey: string;
  settings: Settings;
  createdAt: string;
  status: 'active' | 'closed';
}

export interface CreatedTenant {
  tenantId: string;
  siteKey: string;
  apiKey: string;
}

const SITE_KEY = /^ps_([a-z0-9]{16})_[A-Za-z0-9]{10}$/;
const API_KEY = /^sk_([a-z0-9]{16})_([A-Za-z0-9]{8})_([A-Za-z0-9]{32})$/;

/** Creates a tenant with one secret API key; the key is returned once and stored only as a hash. */
export async function createTenant(input: { name: string; origins?: string[]; tenantId?: string; siteKey?: string; apiKey?: string }): Promise<CreatedTenant> {
  const tenantId = input.tenantId ?? newTenantId();
  const siteKey = input.siteKey ?? `ps_${tenantId}_${randomString(10)}`;
  const keyId = randomString(8);
  const apiKey = input.apiKey ?? `sk_${tenantId}_${keyId}_${randomString(32)}`;
  const parsedKey = API_KEY.exec(apiKey);
  if (!SITE_KEY.test(siteKey) || !parsedKey || parsedKey[1] !== tenantId) throw new Error('malformed tenant keys');
  const now = new Date().toISOString();
  const tenant: Tenant = {
    tenantId,
    name: input.name,
    siteKey,
    settings: { ...DEFAULT_SETTINGS, allowedOrigins: input.origins ?? [] },
    createdAt: now,
    status: 'active',
  };
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: { ...TenantKeys.profile(tenantId), entity: 'tenant', ...tenant },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { ...TenantKeys.apiKey(tenantId, parsedKey[2]!), entity: 'apiKey', keyId: parsedKey[2], secretHash: sha256(parsedKey[3]!), createdAt: now },
          },
        },
      ],
    }),
  );
  return { tenantId, siteKey, apiKey };
}

const cache = new Map<string, { tenant: Tenant | undefined; at: number }>();

/** Reads a tenant profile, briefly cached per instance (settings change rarely). */
export async function getTenant(tenantId: string): Promise<Tenant | undefined> {
  const hit = cache.get(tenantId);
  if (hit && Date.now() - hit.at < config.tenantCacheMs()) return hit.tenant;
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: TenantKeys.profile(tenantId) }));
  const tenant = Item && Item.status === 'active' ? (Item as unknown as Tenant) : undefined;
  cache.set(tenantId, { tenant, at: Date.now() });
  return tenant;
}

export function forgetCachedTenant(tenantId: string): void {
  cache.delete(tenantId);
}

/** The tenant a public site key belongs to, or 404. */
export async function tenantForSiteKey(siteKey: string): Promise<Tenant> {
  const tenantId = SITE_KEY.exec(siteKey)?.[1];
  const tenant = tenantId ? await getTenant(tenantId) : undefined;
  if (!tenant || tenant.siteKey !== siteKey) throw new ApiError(404, 'site_not_found', 'No site has this key');
  await takeRequest(tenant.tenantId, 'site', rateLimits.perSite());
  return tenant;
}

export interface ApiKeyPrincipal {
  tenant: Tenant;
  keyId: string;
  /** Empty for a full-scope key. */
  scopes: KeyScope[];
  /** The key's rate-limit window after this request. */
  rate: RateState;
}

/**
 * Resolves `Authorization: Bearer sk_…` to its tenant and counts the request
 * against the key's rate limit, in one conditional write to the key's own
 * item: it holds only if the secret's hash matches and the key is not
 * revoked, so a bad, revoked or deleted key is refused (401) having written
 * nothing, and a revocation holds from the next request on. 429 past the limit.
 */
export async function authenticateApiKey(authorization: string | undefined): Promise<ApiKeyPrincipal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const parts = match ? API_KEY.exec(match[1]!) : null;
  if (!parts) throw unauthorized();
  const [, tenantId, keyId, secret] = parts as unknown as [string, string, string, string];
  const hash = sha256(secret);
  const given = Buffer.from(hash, 'hex');
  const [tenant, { rate, item }] = await Promise.all([
    getTenant(tenantId),
    countRequest({
      key: TenantKeys.apiKey(tenantId, keyId),
      limit: rateLimits.perKey(),
      guard: {
        condition: 'secretHash = :secretHash AND attribute_not_exists(revokedAt)',
        values: { ':secretHash': hash },
        passes: (old) => {
          const stored = old?.secretHash;
          return typeof stored === 'string' && old?.revokedAt === undefined && timingSafeEqual(Buffer.from(stored, 'hex'), given);
        },
        denied: () => unauthorized(),
      },
      set: { lastUsedAt: new Date().toISOString() },
    }),
  ]);
  if (!tenant) throw unauthorized();
  return { tenant, keyId, scopes: (item.scopes as KeyScope[] | undefined) ?? [], rate };
}

/** Replaces a tenant's settings. */
export async function saveSettings(tenantId: string, settings: Settings): Promise<void> {
  try {
    await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: TenantKeys.profile(tenantId),
          UpdateExpression: 'SET settings = :s, updatedAt = :now',
          ConditionExpression: 'attribute_exists(PK) AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':s': settings, ':now': new Date().toISOString(), ':active': 'active' },
        }),
      ),
    );
  } catch (error) {
    if (error instanceof ConditionFailed) throw notFound('Tenant');
    throw error;
  } finally {
    forgetCachedTenant(tenantId);
    // Retention and IP settings decide what a listing shows.
    forgetPagesOf(tenantId);
  }
}
