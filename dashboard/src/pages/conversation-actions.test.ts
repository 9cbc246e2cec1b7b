import { describe, expect, it } from 'vitest';
import type { Member } from '../api';
import { assignable, menuPeople } from './conversation-actions';

const member = (userId: string, fields: Partial<Member>): Member => ({
  userId,
  email: `${userId}@example.fi`,
  name: '',
  role: 'agent',
  createdAt: '2026-11-01T09:00:00.000Z',
  ...fields,
});

describe('the assign menu', () => {
  it('offers the people who may reply, named, leaving out viewers and invitations not yet accepted', () => {
    const team = [
      member('a', { name: 'Aino', role: 'owner' }),
      member('b', { role: 'agent' }),
      member('c', { name: 'Ville', role: 'viewer' }),
      member('d', { name: 'Pending', pending: true }),
    ];
    expect(assignable(team)).toEqual([
      { id: 'user:a', name: 'Aino' },
      { id: 'user:b', name: 'b' },
    ]);
  });

  it('lists me first, the rest by name, and whoever has it now even if not on the team list', () => {
    const me = { id: 'user:me', name: 'Me' };
    const others = [
      { id: 'user:z', name: 'Zoë' },
      { id: 'user:me', name: 'Me' },
      { id: 'user:a', name: 'Aino' },
    ];
    expect(menuPeople(me, others, { id: 'user:x', name: 'Eero' }).map((p) => p.name)).toEqual(['Me', 'Aino', 'Eero', 'Zoë']);
    expect(menuPeople(me, [], me)).toEqual([me]);
  });
});
