import { createHmac, timingSafeEqual } from 'node:crypto';
import { badRequest } from '../../lib/errors';
import { signingKey, verifyingKey } from '../../lib/master-keys';
import type { Tenant } from '../tenants';

/** Where a listing resumes: partition index and the last item's key. */
export interface Position {
  p: number;
  k?: Record<string, unknown>;
}

const sign = (key: Buffer, scope: string, payload: string) => createHmac('sha256', key).update(`cursor|${scope}|${payload}`).digest('base64url').slice(0, 32);

/** An opaque cursor: the position plus an HMAC, so a client can neither read its keys nor forge one. */
export function encodeCursor(tenant: Tenant, scope: string, position: Position): string {
  const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
  const { kid, key } = signingKey(tenant.tenantId, 'cursor');
  return `${payload}.${kid}.${sign(key, scope, payload)}`;
}

export function decodeCursor(tenant: Tenant, scope: string, cursor: string): Position {
  const [payload, kid, signature] = cursor.split('.');
  const key = kid ? verifyingKey(tenant.tenantId, 'cursor', kid) : undefined;
  const expected = payload && key ? sign(key, scope, payload) : '';
  if (!payload || !signature || signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
    throw badRequest('The cursor is invalid', [{ path: 'cursor', message: 'is not a cursor this API issued for this listing' }]);
  }
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Position;
}
