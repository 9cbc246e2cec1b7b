import { createHmac, timingSafeEqual } from 'node:crypto';
import { signingKey, verifyingKey } from '../lib/master-keys';

/**
 * The team's live socket cannot send a cookie header of its own choosing
 * from every browser, nor a key header at all, so a signed-in person (or a
 * key) first asks `POST /v1/live/token` for a token that opens
 * `/v1/live?token=…` within a minute. It names the tenant and the person;
 * nothing of it is stored.
 *
 * Format: `pa1.<tenantId>.<base64url JSON {a: actor, n: name, e: expiry s}>.<kid>.<HMAC>`.
 */
const TOKEN = /^pa1\.([a-z0-9]{16})\.([A-Za-z0-9_-]{1,400})\.([a-z0-9]{1,8})\.([A-Za-z0-9_-]{43})$/;

/** How long a token opens a socket (the socket itself then lives up to API Gateway's two hours). */
export const LIVE_TOKEN_SECONDS = 60;

export interface TeamMemberClaims {
  tenantId: string;
  /** `user:<id>` or `key:<id>`, as audit entries name actors. */
  actor: string;
  name: string;
}

const sign = (key: Buffer, tenantId: string, body: string) => createHmac('sha256', key).update(`${tenantId}.${body}`).digest('base64url');

export function issueLiveToken(claims: TeamMemberClaims, now = Date.now()): { token: string; expiresAt: string } {
  const expires = Math.floor(now / 1000) + LIVE_TOKEN_SECONDS;
  const body = Buffer.from(JSON.stringify({ a: claims.actor, n: claims.name, e: expires })).toString('base64url');
  const { kid, key } = signingKey(claims.tenantId, 'live-token');
  return { token: `pa1.${claims.tenantId}.${body}.${kid}.${sign(key, claims.tenantId, body)}`, expiresAt: new Date(expires * 1000).toISOString() };
}

/** The person a token names, if it is genuine and not expired; undefined otherwise. */
export function readLiveToken(token: string | undefined, now = Date.now()): TeamMemberClaims | undefined {
  const parts = TOKEN.exec(token ?? '');
  if (!parts) return undefined;
  const [, tenantId, body, kid, given] = parts as unknown as [string, string, string, string, string];
  const key = verifyingKey(tenantId, 'live-token', kid);
  if (!key || !timingSafeEqual(Buffer.from(sign(key, tenantId, body)), Buffer.from(given))) return undefined;
  try {
    const { a, n, e } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { a?: unknown; n?: unknown; e?: unknown };
    if (typeof a !== 'string' || typeof n !== 'string' || typeof e !== 'number' || e * 1000 < now) return undefined;
    return { tenantId, actor: a, name: n };
  } catch {
    return undefined;
  }
}
