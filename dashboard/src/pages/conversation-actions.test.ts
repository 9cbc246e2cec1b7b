import { describe, expect, it } from 'vitest';
import { menuPeople } from './conversation-actions';

describe('the assign menu', () => {
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
