import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { db, tableName } from '../lib/dynamo';
import { ConditionFailed, conditionally } from '../lib/store';
import { ApiError } from '../lib/errors';
import { randomString, sha256 } from '../lib/ids';
import { signingKey, verifyingKey } from '../lib/master-keys';
import { TenantKeys } from '../lib/table-keys';
import { type Tenant, getTenant } from './tenants';
import { rateLimits, takeRequest } from './rate-limit';

/**
 * Visitor tokens prove "I am the browser that first started chatting as this
 * visitor". Knowing a visitor id (it is in exports and CRMs) is not enough:
 * a token is handed out once per visitor, on first contact, and resuming
 * needs that token or the secret the widget generated and sent then.
 *
 * Format: `pv2.<tenantId>.<visitorId>.<nonce>.<kid>.<HMAC>`, signed with the
 * tenant's key derived from the master key `kid` (see master-keys.ts).
 */
const TOKEN = /^pv2\.([a-z0-9]{16})\.([A-Za-z0-9_:-]{1,128})\.([A-Za-z0-9]{16})\.([a-z0-9]{1,8})\.([A-Za-z0-9_-]{43})$/;

const invalidToken = () => new ApiError(401, 'invalid_visitor_token', 'A valid X-Parley-Visitor token is required');
export const tokenRequired = () =>
  new ApiError(401, 'visitor_token_required', 'This visitor already has a token: send it as X-Parley-Visitor (or the visitorSecret it started with)');

const signature = (key: Buffer, tenantId: string, visitorId: string, nonce: string) =>
  createHmac('sha256', key).update(`${tenantId}.${visitorId}.${nonce}`).digest('base64url');

function tokenFor(tenantId: string, visitorId: string, nonce: string): string {
  const { kid, key } = signingKey(tenantId, 'visitor-token');
  return `pv2.${tenantId}.${visitorId}.${nonce}.${kid}.${signature(key, tenantId, visitorId, nonce)}`;
}

interface TokenClaims {
  tenantId: string;
  visitorId: string;
}

/** Checks a token's form and signature (no storage read); undefined if it is not genuine. */
export function readVisitorToken(token: string | undefined): TokenClaims | undefined {
  const parts = TOKEN.exec(token ?? '');
  if (!parts) return undefined;
  const [, tenantId, visitorId, nonce, kid, given] = parts as unknown as [string, string, string, string, string, string];
  const key = verifyingKey(tenantId, 'visitor-token', kid);
  if (!key) return undefined;
  const expected = Buffer.from(signature(key, tenantId, visitorId, nonce));
  return timingSafeEqual(expected, Buffer.from(given)) ? { tenantId, visitorId } : undefined;
}

/** Checks `X-Parley-Visitor`, returning the tenant and visitor, or 401. */
export async function verifyVisitorToken(token: string | undefined): Promise<{ tenant: Tenant; visitorId: string }> {
  const claims = readVisitorToken(token);
  const tenant = claims ? await getTenant(claims.tenantId) : undefined;
  if (!claims || !tenant) throw invalidToken();
  await takeRequest(tenant.tenantId, 'site', rateLimits.perSite());
  return { tenant, visitorId: claims.visitorId };
}

/**
 * The visitor's token for a conversation start. A presented token of this
 * very visitor is handed back; otherwise the visitor is claimed once, with a
 * conditional write, by the first caller. A caller that sends the same
 * `visitorSecret` again (a retried start) gets the same token; anyone else
 * gets 401 `visitor_token_required`.
 */
export async function visitorTokenForStart(
  tenant: Tenant,
  visitorId: string,
  presented: string | undefined,
  visitorSecret: string | undefined,
): Promise<string> {
  if (presented !== undefined) {
    const claims = readVisitorToken(presented);
    if (!claims || claims.tenantId !== tenant.tenantId || claims.visitorId !== visitorId) throw invalidToken();
    return presented;
  }
  const secretHash = visitorSecret ? sha256(visitorSecret) : undefined;
  try {
    const out = await conditionally(
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: TenantKeys.visitor(tenant.tenantId, visitorId),
          UpdateExpression:
            'SET entity = :entity, visitorId = :vid, tokenNonce = if_not_exists(tokenNonce, :nonce), claimedAt = if_not_exists(claimedAt, :now)' +
            (secretHash ? ', secretHash = if_not_exists(secretHash, :secret)' : ''),
          ConditionExpression: secretHash ? 'attribute_not_exists(tokenNonce) OR secretHash = :secret' : 'attribute_not_exists(tokenNonce)',
          ExpressionAttributeValues: {
            ':entity': 'visitor',
            ':vid': visitorId,
            ':nonce': randomString(16),
            ':now': new Date().toISOString(),
            ...(secretHash ? { ':secret': secretHash } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return tokenFor(tenant.tenantId, visitorId, String(out.Attributes?.tokenNonce));
  } catch (error) {
    if (error instanceof ConditionFailed) throw tokenRequired();
    throw error;
  }
}

/** True when the request's token is this visitor's. */
export function isTokenOf(token: string | undefined, tenant: Tenant, visitorId: string): boolean {
  const claims = readVisitorToken(token);
  return !!claims && claims.tenantId === tenant.tenantId && claims.visitorId === visitorId;
}
