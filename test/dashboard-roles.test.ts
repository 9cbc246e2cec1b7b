import { describe, expect, it } from 'vitest';
import { roleAllows } from '../functions/domain/accounts/permissions';
import { type Ability, can } from '../dashboard/src/roles';
import { ROLES } from '../shared/schemas/accounts';

const ABILITIES: Ability[] = ['write', 'export', 'erase', 'settings', 'users', 'keys'];

describe('what the dashboard offers each role', () => {
  it('is exactly what the API allows that role', () => {
    const offered = ROLES.map((role) => [role, ABILITIES.filter((a) => can(role, a))]);
    const allowed = ROLES.map((role) => [role, ABILITIES.filter((a) => roleAllows(role, a))]);
    expect(offered).toEqual(allowed);
    // Every role may read: that is never hidden.
    expect(ROLES.every((role) => roleAllows(role, 'read'))).toBe(true);
  });
});
