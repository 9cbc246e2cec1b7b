import { createHmac, timingSafeEqual } from 'node:crypto';
import * as v from 'valibot';
import { ApiError } from '../../lib/errors';
import { signingKey, verifyingKey } from '../../lib/master-keys';
import type { Tenant } from '../tenants';

/** Where a listing resumes: the partition (by its id) and the last item's key in it. */
export interface Position {
  p: string;
  k?: Record<string, string>;
}

const PositionSchema = v.strictObject({
  p: v.pipe(v.string(), v.maxLength(64)),
  k: v.optional(v.record(v.pipe(v.string(), v.maxLength(32)), v.pipe(v.string(), v.maxLength(1024)))),
});

/** `<base64url position>.<kid>.<base64url HMAC>`, nothing before or after. */
const CURSOR = /^([A-Za-z0-9_-]{1,3000})\.([a-z0-9]{1,8})\.([A-Za-z0-9_-]{32})$/;

const sign = (key: Buffer, scope: string, payload: string) => createHmac('sha256', key).update(`cursor|${scope}|${payload}`).digest('base64url').slice(0, 32);

export const invalidCursor = () =>
  new ApiError(400, 'invalid_cursor', 'The cursor is invalid', [{ path: 'cursor', message: 'is not a cursor this API issued for this listing and query' }]);

/**
 * An opaque cursor: the position plus an HMAC under the tenant's cursor key
 * over the position and `scope`, the listing and its query. A client can
 * neither read nor forge one, nor use it with another query or tenant.
 */
export function encodeCursor(tenant: Tenant, scope: string, position: Position): string {
  const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
  const { kid, key } = signingKey(tenant.tenantId, 'cursor');
  return `${payload}.${kid}.${sign(key, scope, payload)}`;
}

/** The position of a cursor issued for this tenant and scope; anything else is a 400 `invalid_cursor`. */
export function decodeCursor(tenant: Tenant, scope: string, cursor: string): Position {
  const [, payload = '', kid = '', signature = ''] = CURSOR.exec(cursor) ?? [];
  const key = kid ? verifyingKey(tenant.tenantId, 'cursor', kid) : undefined;
  if (!key || !timingSafeEqual(Buffer.from(signature.padEnd(32)), Buffer.from(sign(key, scope, payload)))) throw invalidCursor();
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = v.safeParse(PositionSchema, position);
  if (!parsed.success) throw invalidCursor();
  return parsed.output.k ? { p: parsed.output.p, k: parsed.output.k } : { p: parsed.output.p };
}
