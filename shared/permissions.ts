import type { KEY_SCOPES, ROLES } from './schemas/accounts';

/** What a person's role or a key's scopes allow, route by route: the API enforces it, the dashboard hides what would be refused. */
export type Role = (typeof ROLES)[number];
export type KeyScope = (typeof KEY_SCOPES)[number];

/**
 * What a customer route needs: `read` (lists, exports by range, one
 * contact), `write` (correct a contact, reply), `export` (everything at
 * once), `erase`, `settings`, `users`, `keys`, `webhooks` (endpoints, their
 * secrets and delivery log), `close` (the account).
 */
export type Permission = 'read' | 'write' | 'export' | 'erase' | 'settings' | 'users' | 'keys' | 'webhooks' | 'close';

const BY_ROLE: Record<Role, readonly Permission[]> = {
  owner: ['read', 'write', 'export', 'erase', 'settings', 'users', 'keys', 'webhooks', 'close'],
  admin: ['read', 'write', 'export', 'erase', 'settings', 'users', 'keys', 'webhooks'],
  agent: ['read', 'write'],
  viewer: ['read'],
};

const BY_SCOPE: Record<KeyScope, readonly Permission[]> = {
  export: ['read', 'export'],
  privacy: ['read', 'write', 'erase'],
  settings: ['settings', 'users', 'keys', 'webhooks'],
  'ingest-admin': ['read'],
};

export const roleAllows = (role: Role, permission: Permission) => BY_ROLE[role].includes(permission);

/** A key without scopes is a full-scope key (the tenant's first `sk_…` keys). */
export const scopesAllow = (scopes: readonly KeyScope[] | undefined, permission: Permission) =>
  !scopes || scopes.length === 0 || scopes.some((s) => BY_SCOPE[s].includes(permission));
