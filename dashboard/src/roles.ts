import type { Role } from './api';

/**
 * What each role may do, as the API enforces it (SPEC "Accounts"); the
 * dashboard only hides what would be refused anyway. A test keeps this
 * table equal to the server's.
 */
export type Ability = 'write' | 'export' | 'erase' | 'settings' | 'users' | 'keys';

const BY_ROLE: Record<Role, readonly Ability[]> = {
  owner: ['write', 'export', 'erase', 'settings', 'users', 'keys'],
  admin: ['write', 'export', 'erase', 'settings', 'users', 'keys'],
  agent: ['write'],
  viewer: [],
};

export const can = (role: Role, ability: Ability): boolean => BY_ROLE[role].includes(ability);

/** How a role reads in the team list and menus. */
export const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', agent: 'Agent', viewer: 'Viewer' };
