// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { listHref, parseHash, updateQuery } from './route';

describe('the dashboard’s location', () => {
  it('reads section, id and query from the hash', () => {
    const route = parseHash('#/leads/k_1%2F2?q=acme&page=2');
    expect({ section: route.section, id: route.id, q: route.params.get('q'), page: route.params.get('page') }).toEqual({
      section: 'leads',
      id: 'k_1/2',
      q: 'acme',
      page: '2',
    });
    expect(parseHash('').section).toBe('');
  });

  it('rewrites the query in place: no history entry, empty values dropped', () => {
    location.hash = '#/leads?q=old&page=3';
    const entries = history.length;
    updateQuery({ q: 'Émilie & co', page: null, sort: 'name' });
    expect(history.length).toBe(entries);
    expect(parseHash(location.hash).params.get('q')).toBe('Émilie & co');
    expect(location.hash).toBe('#/leads?q=%C3%89milie+%26+co&sort=name');
  });

  it('builds links to filtered lists', () => {
    expect(listHref('leads', { from: '2026-10-25' })).toBe('#/leads?from=2026-10-25');
    expect(listHref('conversations')).toBe('#/conversations');
  });
});
