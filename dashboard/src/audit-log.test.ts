import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../shared/schemas/exports';
import { actorText, detailsText, distinct, filterAudit, roleText } from './audit-log';

const row = (auditId: string, at: string, action: string, actor: string, details: Record<string, unknown> = {}): AuditRow => ({
  auditId,
  at,
  action,
  actor,
  actorRole: typeof details.actorRole === 'string' ? details.actorRole : '',
  subject: '',
  details,
});

const rows = [
  row('a1', '2026-05-01T10:00:00.000Z', 'key.created', 'user:usr_anna', { keyId: 'k1', actorRole: 'admin' }),
  row('a2', '2026-05-02T10:00:00.000Z', 'export', 'key:ab12cd34', { format: 'csv', counts: { leads: 3 }, actorRole: 'export' }),
  row('a3', '2026-05-03T10:00:00.000Z', 'key.created', 'key:ab12cd34'),
  row('a4', '2026-04-30T10:00:00.000Z', 'purge', 'system:purge'),
];

describe('the audit log as the dashboard shows it', () => {
  it('filters by action and actor, newest first', () => {
    expect(filterAudit(rows, { action: '', actor: '' }).map((r) => r.auditId)).toEqual(['a3', 'a2', 'a1', 'a4']);
    expect(filterAudit(rows, { action: 'key.created', actor: '' }).map((r) => r.auditId)).toEqual(['a3', 'a1']);
    expect(filterAudit(rows, { action: '', actor: 'key:ab12cd34' }).map((r) => r.auditId)).toEqual(['a3', 'a2']);
    expect(filterAudit(rows, { action: 'export', actor: 'user:usr_anna' })).toEqual([]);
  });

  it('offers each action and actor once', () => {
    expect(distinct(rows, 'actor')).toEqual(['key:ab12cd34', 'system:purge', 'user:usr_anna']);
    expect(distinct(rows, 'action')).toEqual(['export', 'key.created', 'purge']);
  });

  it('names people when the team is known, and keys by id', () => {
    const names = new Map([['usr_anna', 'Anna']]);
    expect(['user:usr_anna', 'user:usr_bob', 'key:ab12cd34', 'system:purge', 'cli'].map((a) => actorText(a, names))).toEqual([
      'Anna',
      'person usr_bob',
      'key ab12cd34',
      'system:purge',
      'cli',
    ]);
  });

  it('shows the role or scopes apart from the other details', () => {
    expect(rows.map(roleText)).toEqual(['admin', 'export', '', '']);
    expect(detailsText(rows[1]!)).toBe('format: csv, counts: {"leads":3}');
  });
});
