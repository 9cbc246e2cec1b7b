import { useMemo } from 'preact/hooks';
import type { AuditRow } from '../../../shared/schemas/exports';
import { type Member, api } from '../api';
import { actorText, detailsText, distinct, filterAudit, roleText } from '../audit-log';
import { LoadFailed, Loading, useLoad } from '../load';
import { updateQuery } from '../route';
import { count } from '../text';

/** The most entries drawn at once; narrower dates show the rest. */
const SHOWN = 500;

/**
 * The audit log: who (a person or a key, with role or scopes) did what and
 * when. Dates are asked of the API; action and actor filter what came back.
 * All of it lives in the URL (`#/audit?actor=…`).
 */
export function AuditPage({ params, canSeeTeam }: { params: URLSearchParams; canSeeTeam: boolean }) {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const action = params.get('action') ?? '';
  const actor = params.get('actor') ?? '';
  const [loaded, retry] = useLoad<AuditRow[]>(() => api.audit({ from: from || undefined, to: to || undefined }), [from, to]);
  // Names make entries readable; only roles that may list the team get them.
  const [team] = useLoad<Member[]>(() => (canSeeTeam ? api.users() : Promise.resolve([])), [canSeeTeam]);
  const names = useMemo(() => new Map(team.status === 'ready' ? team.data.map((m) => [m.userId, m.name || m.email]) : []), [team]);
  const all = loaded.status === 'ready' ? loaded.data : [];
  const rows = useMemo(() => filterAudit(all, { action, actor }), [all, action, actor]);
  const actions = distinct(all, 'action');
  const actors = distinct(all, 'actor');
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <div class="toolbar">
        <label>
          Action
          <select value={action} onChange={(e) => updateQuery({ action: e.currentTarget.value })}>
            <option value="">Any action</option>
            {[...new Set([...actions, ...(action ? [action] : [])])].map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Who
          <select value={actor} onChange={(e) => updateQuery({ actor: e.currentTarget.value })}>
            <option value="">Anyone</option>
            {[...new Set([...actors, ...(actor ? [actor] : [])])].map((a) => (
              <option key={a} value={a}>
                {actorText(a, names)}
              </option>
            ))}
          </select>
        </label>
        <label>
          From <input type="date" value={from} onInput={(e) => updateQuery({ from: e.currentTarget.value })} />
        </label>
        <label>
          To <input type="date" value={to} onInput={(e) => updateQuery({ to: e.currentTarget.value })} />
        </label>
      </div>
      {loaded.status === 'loading' ? (
        <Loading />
      ) : loaded.status === 'failed' ? (
        <LoadFailed what="the audit log" onRetry={retry} />
      ) : rows.length === 0 ? (
        <p>{all.length === 0 ? 'Nothing recorded in these dates.' : 'No entries match these filters.'}</p>
      ) : (
        <>
          <p class="muted">
            {rows.length > SHOWN
              ? `The newest ${SHOWN} of ${count(rows.length, 'entry', 'entries')}; narrow the dates to see older ones.`
              : count(rows.length, 'entry', 'entries')}
          </p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Who</th>
                  <th scope="col">Role or scopes</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, SHOWN).map((r) => (
                  <tr key={r.auditId}>
                    <td>
                      <time dateTime={r.at}>{new Date(r.at).toLocaleString()}</time>
                    </td>
                    <td>{r.action}</td>
                    <td title={r.actor}>{actorText(r.actor, names)}</td>
                    <td>{roleText(r)}</td>
                    <td>{[r.subject, detailsText(r)].filter(Boolean).join(' · ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
