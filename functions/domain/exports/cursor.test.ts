import { afterEach, describe, expect, it } from 'vitest';
import { newMasterKeyEntry } from '../../lib/master-keys';
import type { Tenant } from '../tenants';
import { decodeCursor, encodeCursor } from './cursor';

const keys = process.env.PARLEY_MASTER_KEYS!;
afterEach(() => {
  process.env.PARLEY_MASTER_KEYS = keys;
});

const tenant = (tenantId: string) => ({ tenantId }) as Tenant;
const a = tenant('aaaaaaaaaaaaaaaa');
const position = { p: 'LEAD', k: { PK: 'T#a#C#k_1', SK: 'CONTACT' } };

const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { statusCode?: number; code?: string }).code === 'invalid_cursor' && (error as { statusCode: number }).statusCode === 400;
  }
  return false;
};

describe('cursors', () => {
  it('give back the position they were made for', () => {
    expect(decodeCursor(a, 'scope', encodeCursor(a, 'scope', position))).toEqual(position);
  });

  it.each([
    ['another query', (c: string) => decodeCursor(a, 'other scope', c)],
    ['another tenant', (c: string) => decodeCursor(tenant('bbbbbbbbbbbbbbbb'), 'scope', c)],
    ['trailing garbage', (c: string) => decodeCursor(a, 'scope', `${c}x`)],
    ['an extra part', (c: string) => decodeCursor(a, 'scope', `${c}.x`)],
    ['a changed position', (c: string) => decodeCursor(a, 'scope', `${Buffer.from('{"p":"CONV"}').toString('base64url')}${c.slice(c.indexOf('.'))}`)],
    ['an unknown key id', (c: string) => decodeCursor(a, 'scope', c.replace(/\.[a-z0-9]+\./, '.zz9.'))],
    ['nothing', () => decodeCursor(a, 'scope', '')],
  ])('refuse %s with 400 invalid_cursor', (_name, use) => {
    expect(refused(() => use(encodeCursor(a, 'scope', position)))).toBe(true);
  });

  it('keep working across a key rotation while the old key is held, and not after', () => {
    const old = encodeCursor(a, 'scope', position);
    process.env.PARLEY_MASTER_KEYS = `${newMasterKeyEntry('n1')},${keys}`;
    expect(decodeCursor(a, 'scope', old)).toEqual(position);
    process.env.PARLEY_MASTER_KEYS = newMasterKeyEntry('n2');
    expect(refused(() => decodeCursor(a, 'scope', old))).toBe(true);
  });
});
