import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { db, tableName } from '../../lib/dynamo';
import { randomString, sha256 } from '../../lib/ids';
import { signingKey } from '../../lib/master-keys';
import { TenantKeys } from '../../lib/table-keys';
import { type Tenant, getTenant } from '../tenants';
import { getMember } from './people';
import type { Role } from '../../../shared/permissions';

/** A session ends after this long without use, and after this long in any case. */
export const SESSION_LIMITS = { idleMs: 2 * 60 * 60 * 1000, absoluteMs: 12 * 60 * 60 * 1000 } as const;
/** Last use is written at most this often (a write per request would be waste). */
const TOUCH_MS = 5 * 60 * 1000;

/** `s1.<tenantId>.<secret>`: opaque to the browser; the table holds only its hash. */
const SESSION = /^s1\.([a-z0-9]{16})\.([A-Za-z0-9]{43})$/;

export interface SignedIn {
  tenant: Tenant;
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** Hash of the session id: names the session without revealing it. */
  sessionHash: string;
  /** Signed in with a second factor. */
  mfa: boolean;
}

export async function createSession(tenantId: string, userId: string, mfa: boolean): Promise<{ cookie: string; expiresAt: Date }> {
  const cookie = `s1.${tenantId}.${randomString(43)}`;
  const now = Date.now();
  const expiresAt = new Date(now + SESSION_LIMITS.absoluteMs);
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...TenantKeys.signIn(tenantId, sha256(cookie)),
        entity: 'signIn',
        userId,
        mfa,
        createdAt: new Date(now).toISOString(),
        lastSeenAt: now,
        expiresAt: Math.floor(expiresAt.getTime() / 1000),
      },
    }),
  );
  return { cookie, expiresAt };
}

/** The person a session cookie belongs to, with their current role; undefined when it is not (or no longer) valid. */
export async function readSession(cookie: string | undefined): Promise<SignedIn | undefined> {
  const [, tenantId] = SESSION.exec(cookie ?? '') ?? [];
  if (!tenantId || !cookie) return undefined;
  const sessionHash = sha256(cookie);
  const key = TenantKeys.signIn(tenantId, sessionHash);
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  const now = Date.now();
  if (!Item || Number(Item.expiresAt) * 1000 <= now || Number(Item.lastSeenAt) + SESSION_LIMITS.idleMs <= now) return undefined;
  const [tenant, member] = await Promise.all([getTenant(tenantId), getMember(tenantId, String(Item.userId))]);
  // Removed from the team, signed out everywhere, or the tenant closed: the session is over.
  if (!tenant || !member || member.pending) return undefined;
  if (member.sessionsValidAfter && String(Item.createdAt) < member.sessionsValidAfter) return undefined;
  if (Number(Item.lastSeenAt) + TOUCH_MS <= now) {
    await db().send(
      new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'SET lastSeenAt = :now', ExpressionAttributeValues: { ':now': now } }),
    );
  }
  return { tenant, userId: member.userId, email: member.email, name: member.name, role: member.role, sessionHash, mfa: Item.mfa === true };
}

export async function endSession(cookie: string | undefined): Promise<void> {
  const [, tenantId] = SESSION.exec(cookie ?? '') ?? [];
  if (!tenantId || !cookie) return;
  await db().send(new DeleteCommand({ TableName: tableName(), Key: TenantKeys.signIn(tenantId, sha256(cookie)) }));
}

/** The CSRF token of a session: derived, so nothing more is stored, and useless without the cookie. */
export function csrfTokenFor(tenantId: string, sessionHash: string): string {
  return createHmac('sha256', signingKey(tenantId, 'csrf').key).update(sessionHash).digest('base64url');
}

export function csrfMatches(tenantId: string, sessionHash: string, given: string | undefined): boolean {
  const expected = Buffer.from(csrfTokenFor(tenantId, sessionHash));
  const actual = Buffer.from(given ?? '');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Marks the session as having passed a second factor (after turning one on). */
export async function markSessionMfa(tenantId: string, sessionHash: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: TenantKeys.signIn(tenantId, sessionHash),
      UpdateExpression: 'SET mfa = :yes',
      ExpressionAttributeValues: { ':yes': true },
    }),
  );
}

/** Ends every session of a person in a tenant, this one included ("sign out everywhere"). */
export async function endAllSessions(tenantId: string, userId: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: TenantKeys.member(tenantId, userId),
      UpdateExpression: 'SET sessionsValidAfter = :now',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':now': new Date(Date.now() + 1).toISOString() },
    }),
  );
}
