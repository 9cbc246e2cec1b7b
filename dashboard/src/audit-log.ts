import type { AuditRow } from '../../shared/schemas/exports';

/** What the audit page matches here; the dates go to the API. */
export interface AuditMatch {
  action: string;
  actor: string;
}

/** Entries of this action and actor (either empty: any), newest first. */
export function filterAudit(rows: readonly AuditRow[], match: AuditMatch): AuditRow[] {
  return rows.filter((r) => (!match.action || r.action === match.action) && (!match.actor || r.actor === match.actor)).sort((a, b) => b.at.localeCompare(a.at));
}

/** The distinct values of a column, sorted, for a filter's choices. */
export const distinct = (rows: readonly AuditRow[], column: 'action' | 'actor'): string[] => [...new Set(rows.map((r) => r[column]))].sort();

/**
 * Who did it, in words: `user:usr_1` → "Anna (person)" when the team is
 * known, `key:ab12cd34` → "key ab12cd34"; anything else (`cli`,
 * `system:purge`) as it is.
 */
export function actorText(actor: string, names: ReadonlyMap<string, string> = new Map()): string {
  const [kind, id = ''] = actor.split(/:(.*)/s);
  if (kind === 'user') return names.get(id) ?? `person ${id}`;
  if (kind === 'key') return `key ${id}`;
  return actor;
}

/** The role of the person, or the scopes of the key (`full` for a key that may do everything). */
export const roleText = (row: AuditRow): string => (typeof row.details.actorRole === 'string' ? row.details.actorRole : '');

/** The other details as `name: value` pairs, in the order stored. */
export function detailsText(row: AuditRow): string {
  return Object.entries(row.details)
    .filter(([name]) => name !== 'actorRole')
    .map(([name, value]) => `${name}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`)
    .join(', ');
}
