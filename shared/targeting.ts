import type { Targeting, UrlRule, WidgetLocale } from './schemas/bots';

/** A glob without regular expressions: `*` any run of characters, `?` exactly one; the whole text must match. */
export function globMatch(pattern: string, value: string): boolean {
  let p = 0;
  let s = 0;
  let star = -1;
  let mark = 0;
  while (s < value.length) {
    const c = pattern[p];
    if (c === '?' || (c !== undefined && c !== '*' && c === value[s])) {
      p++;
      s++;
    } else if (c === '*') {
      star = p++;
      mark = s;
    } else if (star >= 0) {
      p = star + 1;
      s = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * Whether a page matches a URL rule. A rule starting with a scheme is
 * compared with the whole URL, any other with the path and query
 * (`/pricing`, `/blog/*`); an `exact` rule without `?` ignores the query
 * and a trailing slash.
 */
export function urlMatches(rule: UrlRule, href: string): boolean {
  const url = new URL(href);
  const target = /^https?:/i.test(rule.value) ? href : url.pathname + url.search;
  if (rule.match === 'contains') return target.includes(rule.value);
  if (rule.match === 'glob') return globMatch(rule.value, target);
  if (target === rule.value) return true;
  const strip = (s: string) => s.replace(/\/$/, '') || '/';
  return !rule.value.includes('?') && strip(/^https?:/i.test(rule.value) ? url.origin + url.pathname : url.pathname) === strip(rule.value);
}

/** What targeting looks at in the visitor's browser. */
export interface Visit {
  href: string;
  locale: WidgetLocale | string;
  returning: boolean;
}

/** The page's `utm_*` parameter, lower case. */
export const utmOf = (href: string, key: string) => (new URL(href).searchParams.get(`utm_${key}`) ?? '').toLowerCase();

/** Whether a bot's targeting takes this visit: every part named must hold; among URL rules any one. */
export function targets(t: Partial<Targeting>, visit: Visit): boolean {
  if (t.urls?.length && !t.urls.some((r) => urlMatches(r, visit.href))) return false;
  for (const [key, value] of Object.entries(t.utm ?? {})) if (value && utmOf(visit.href, key) !== value.toLowerCase()) return false;
  if (t.languages?.length && !t.languages.includes(visit.locale as WidgetLocale)) return false;
  return !t.visitors || t.visitors === 'all' || (t.visitors === 'returning') === visit.returning;
}

/**
 * The A/B variant of a visitor in an experiment: FNV-1a over both ids, so
 * a visitor always sees the same variant and visitors split evenly.
 */
export function variantOf(visitorId: string, experimentId: string, variants: number): number {
  let h = 0x811c9dc5;
  const key = `${experimentId}\u0000${visitorId}`;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final avalanche, so ids differing only in their last characters still spread.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) % variants;
}
