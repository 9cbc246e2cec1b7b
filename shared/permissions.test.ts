import { describe, expect, it } from 'vitest';
import { type Permission, roleAllows, scopesAllow } from './permissions';
import { ROLES } from './schemas/accounts';

const ALL: Permission[] = ['read', 'write', 'export', 'erase', 'settings', 'users', 'keys', 'webhooks', 'close'];
const allowed = (test: (p: Permission) => boolean) => ALL.filter(test);

describe('permissions (SPEC: accounts)', () => {
  it('give each role what SPEC says', () => {
    expect(Object.fromEntries(ROLES.map((role) => [role, allowed((p) => roleAllows(role, p))]))).toEqual({
      owner: ALL,
      admin: ['read', 'write', 'export', 'erase', 'settings', 'users', 'keys', 'webhooks'],
      agent: ['read', 'write'],
      viewer: ['read'],
    });
  });

  it('give a key what its scopes name, and a key without scopes everything', () => {
    expect(allowed((p) => scopesAllow(['export'], p))).toEqual(['read', 'export']);
    expect(allowed((p) => scopesAllow(['privacy'], p))).toEqual(['read', 'write', 'erase']);
    expect(allowed((p) => scopesAllow(['settings'], p))).toEqual(['settings', 'users', 'keys', 'webhooks']);
    expect(allowed((p) => scopesAllow([], p))).toEqual(ALL);
  });
});
