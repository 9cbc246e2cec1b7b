import { describe, expect, it } from 'vitest';
import { matchRoutePath, routes } from './routes';

describe('matchRoutePath', () => {
  it.each([
    ['/v1/leads', '/v1/leads', {}],
    ['/v1/contacts/{contactId}', '/v1/contacts/k_123', { contactId: 'k_123' }],
    ['/v1/contacts/{contactId}', '/v1/contacts/a%20b%2Fc', { contactId: 'a b/c' }],
    ['/v1/conversations/{id}/messages', '/v1/conversations/c_1/messages', { id: 'c_1' }],
    ['/v1/{proxy+}', '/v1/a/b/c', { proxy: 'a/b/c' }],
  ])('matches %s against %s', (route, path, params) => {
    expect(matchRoutePath(route, path)).toEqual(params);
  });

  it.each([
    ['/v1/leads', '/v1/leads/x'],
    ['/v1/leads', '/v1/lead'],
    ['/v1/contacts/{contactId}', '/v1/contacts/'],
    ['/v1/contacts/{contactId}', '/v1/contacts'],
    ['/v1/conversations/{id}/messages', '/v1/conversations/c_1/message'],
    ['/v1/{proxy+}', '/v1/'],
    ['/v1/{proxy+}', '/v1/a//b'],
  ])('does not match %s against %s', (route, path) => {
    expect(matchRoutePath(route, path)).toBeUndefined();
  });

  it('gives no match, rather than throwing, for broken percent-encoding', () => {
    expect(matchRoutePath('/v1/contacts/{contactId}', '/v1/contacts/%E0%A4%A')).toBeUndefined();
    expect(matchRoutePath('/v1/{proxy+}', '/v1/%ZZ')).toBeUndefined();
  });

  it('finds exactly one route for every method and path of the table', () => {
    for (const route of routes) {
      const concrete = route.path.replace(/\{[^}]+\+\}/, 'a/b').replace(/\{[^}]+\}/g, 'x_1');
      const matching = routes.filter((r) => r.method === route.method && matchRoutePath(r.path, concrete));
      expect(
        matching.map((r) => r.path),
        `${route.method} ${route.path}`,
      ).toEqual([route.path]);
    }
  });
});
