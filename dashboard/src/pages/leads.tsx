import { useMemo } from 'preact/hooks';
import { LIST_LIMIT, type ListedLead, type Role, api } from '../api';
import { type SortKey, fullName, isSortKey, matchesSearch, sortLeads } from '../lead-list';
import { LoadFailed, Loading, useLoad } from '../load';
import { can } from '../roles';
import { updateQuery } from '../route';
import { count } from '../text';
import { LeadExport } from './lead-export';

const PAGE = 25;
const COLUMNS: [SortKey, string][] = [
  ['createdAt', 'Captured'],
  ['name', 'Name'],
  ['email', 'Email'],
  ['company', 'Company'],
  ['source', 'Source'],
];

/** Why a list is empty, in words that tell the owner what to do next. */
function emptyText(q: string, from: string, to: string): string {
  if (q) return `No leads match “${q}”.`;
  if (from || to) return 'No leads in these dates.';
  return 'No leads yet.';
}

/** The lead list; its search, sort, dates and page live in the URL (`#/leads?q=…`). */
export function LeadsPage({ params, role }: { params: URLSearchParams; role: Role }) {
  const q = params.get('q') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const sortParam = params.get('sort');
  const sortKey: SortKey = isSortKey(sortParam) ? sortParam : 'createdAt';
  const descending = (params.get('dir') ?? (sortKey === 'createdAt' ? 'desc' : 'asc')) === 'desc';
  const [leads, retry] = useLoad<ListedLead[]>(() => api.leads(from || undefined, to || undefined), [from, to]);
  const rows = useMemo(
    () =>
      leads.status === 'ready'
        ? sortLeads(
            leads.data.filter((l) => matchesSearch(l, q)),
            sortKey,
            descending,
          )
        : [],
    [leads, q, sortKey, descending],
  );
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1));
  const restricted = rows.filter((l) => l.restricted).length;
  const sortBy = (key: SortKey) => {
    const desc = sortKey === key ? !descending : key === 'createdAt';
    updateQuery({ sort: key === 'createdAt' ? null : key, dir: desc === (key === 'createdAt') ? null : desc ? 'desc' : 'asc', page: null });
  };
  return (
    <section aria-labelledby="leads-title">
      <h1 id="leads-title">Leads</h1>
      <div class="toolbar">
        <label>
          Search <input type="search" value={q} onInput={(e) => updateQuery({ q: e.currentTarget.value, page: null })} />
        </label>
        <label>
          From <input type="date" value={from} onInput={(e) => updateQuery({ from: e.currentTarget.value, page: null })} />
        </label>
        <label>
          To <input type="date" value={to} onInput={(e) => updateQuery({ to: e.currentTarget.value, page: null })} />
        </label>
        <LeadExport filter={{ q, from, to }} everything={can(role, 'export')} />
      </div>
      {leads.status === 'loading' ? (
        <Loading />
      ) : leads.status === 'failed' ? (
        <LoadFailed what="the leads" onRetry={retry} />
      ) : rows.length === 0 ? (
        <p>{emptyText(q, from, to)}</p>
      ) : (
        <>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  {COLUMNS.map(([key, label]) => (
                    <th key={key} aria-sort={sortKey === key ? (descending ? 'descending' : 'ascending') : 'none'}>
                      <button type="button" class="link" onClick={() => sortBy(key)}>
                        {label}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.slice((page - 1) * PAGE, page * PAGE).map((l) => (
                  <tr key={l.contactId}>
                    <td>{new Date(l.createdAt).toLocaleString()}</td>
                    <td>
                      <a href={`#/leads/${encodeURIComponent(l.contactId)}`}>{fullName(l) || '(no name)'}</a>
                      {l.restricted && (
                        <>
                          {' '}
                          <span class="pill">Restricted</span>
                        </>
                      )}
                    </td>
                    <td>{l.email}</td>
                    <td>{l.company}</td>
                    <td>{l.utmSource}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label="Pages">
            <button type="button" disabled={page === 1} onClick={() => updateQuery({ page: page - 1 === 1 ? null : page - 1 })}>
              Previous
            </button>
            <span>
              Page {page} of {pages} · {count(rows.length, 'lead', 'leads')}
            </span>
            <button type="button" disabled={page >= pages} onClick={() => updateQuery({ page: page + 1 })}>
              Next
            </button>
          </nav>
          {leads.data.length >= LIST_LIMIT && (
            <p class="muted">
              The list holds the first {LIST_LIMIT.toLocaleString('en')} leads of these dates; narrow the dates to see the rest. Exports hold every match.
            </p>
          )}
          {restricted > 0 && <p class="muted">{count(restricted, 'restricted lead is', 'restricted leads are')} listed here but left out of exports.</p>}
        </>
      )}
    </section>
  );
}
