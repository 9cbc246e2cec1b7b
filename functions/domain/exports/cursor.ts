import { timingSafeEqual } from 'node:crypto';
import { badRequest } from '../../lib/errors';
import { hmac } from '../../lib/ids';
import type { Tenant } from '../tenants';

/** Where a listing resumes: partition index and the last item's key. */
export interface Position {
  p: number;
  k?: Record<string, unknown>;
}

const sign = (tenant: Tenant, scope: string, payload: string) => hmac(tenant.tokenSecret, `cursor|${scope}|${payload}`).slice(0, 32);

/** An opaque cursor: the position plus an HMAC, so a client can neither read its keys nor forge one. */
export function encodeCursor(tenant: Tenant, scope: string, position: Position): string {
  const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
  return `${payload}.${sign(tenant, scope, payload)}`;
}

export function decodeCursor(tenant: Tenant, scope: string, cursor: string): Position {
  const [payload, signature] = cursor.split('.');
  const expected = payload ? sign(tenant, scope, payload) : '';
  if (!payload || !signature || signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
    throw badRequest('The cursor is invalid', [{ path: 'cursor', message: 'is not a cursor this API issued for this listing' }]);
  }
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Position;
}
