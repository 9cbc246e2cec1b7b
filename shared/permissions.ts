import type { KEY_SCOPES, ROLES } from './schemas/accounts';

/** What a person's role or a key's scopes allow, route by route: the API enforces it, the dashboard hides what would be refused. */
export type Role = (typeof ROLES)[number];
export type KeyScope = (typeof KEY_SCOPES)[number];

/**
 * What a customer route needs: `read` (lists, exports by range, one
 * contact), `write` (correct a contact, reply), `export` (everything at
 * once), `erase`, `settings`, `users`, `keys`, `close` (the account).
 */
export type Permission = 'read' | 'write' | 'export' | 'erase' | 'settings' | 'users' | 'keys' | 'close';

const BY_ROLE: Record<Role, readonly Permission[]> = {
  owner: ['read', 'write', 'export', 'erase', 'settings', 'users', 'keys', 'close'],
  admin: ['read', 'write', 'export', 'erase', 'settings', 'users', 'keys'],
  agent: ['read', 'write'],
  viewer: ['read'],
};

const BY_SCOPE: Record<KeyScope, readonly Permission[]> = {
  export: ['read', 'export'],
  privacy: ['read', 'write', 'erase'],
  settings: ['settings', 'users', 'keys'],
  'ingest-admin': ['read'],
};

export const roleAllows = (role: Role, permission: Permission) => BY_ROLE[role].includes(permission);

/** A key without scopes is a full-scope key (the tenant's first `sk_…` keys). */
export const scopesAllow = (scopes: readonly KeyScope[] | undefined, permission: Permission) =>
  !scopes || scopes.length === 0 || scopes.some((s) => BY_SCOPE[s].includes(permission));
