import { useEffect, useState } from 'preact/hooks';

/**
 * The dashboard's location lives in the hash: `#/leads?q=acme&sort=name`.
 * Lists keep their search, sort, filters and page in that query, so Back
 * and a shared link restore what the owner was looking at.
 */
export interface Route {
  section: string;
  id: string | undefined;
  params: URLSearchParams;
}

/** Fired when a list rewrites its query in place (replaceState fires no hashchange). */
const QUERY_CHANGED = 'parley:query';

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#/, '') || '/';
  const at = body.indexOf('?');
  const path = at < 0 ? body : body.slice(0, at);
  const [, section = '', id] = path.split('/');
  return { section, id: id ? decodeURIComponent(id) : undefined, params: new URLSearchParams(at < 0 ? '' : body.slice(at + 1)) };
}

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    addEventListener(QUERY_CHANGED, on);
    return () => {
      removeEventListener('hashchange', on);
      removeEventListener(QUERY_CHANGED, on);
    };
  }, []);
  return parseHash(hash);
}

/**
 * Changes some query parameters of the current page without adding a history
 * entry (typing in a search box should not fill the Back button); an empty
 * value removes the parameter.
 */
export function updateQuery(patch: Record<string, string | number | null | undefined>): void {
  const body = location.hash.replace(/^#/, '') || '/';
  const at = body.indexOf('?');
  const path = at < 0 ? body : body.slice(0, at);
  const params = new URLSearchParams(at < 0 ? '' : body.slice(at + 1));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined || value === '') params.delete(key);
    else params.set(key, String(value));
  }
  const query = params.toString();
  history.replaceState(history.state, '', `#${path}${query ? `?${query}` : ''}`);
  dispatchEvent(new Event(QUERY_CHANGED));
}

/** A link to a list with a query, e.g. `listHref('leads', { from: '2026-10-25' })`. */
export function listHref(section: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString();
  return `#/${section}${query ? `?${query}` : ''}`;
}
