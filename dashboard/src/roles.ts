import { type Permission, roleAllows } from '../../shared/permissions';
import type { Role } from './api';

/** What the dashboard offers each role: what the API allows it (the one table, in shared/). */
export type Ability = Exclude<Permission, 'read' | 'close'>;

export const can = (role: Role, ability: Ability): boolean => roleAllows(role, ability);

/** How a role reads in the team list and menus. */
export const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', agent: 'Agent', viewer: 'Viewer' };
