import { useEffect, useMemo, useState } from 'preact/hooks';
import { LEAD_COLUMNS, type LeadRow } from '../../../shared/schemas/exports';
import { api, download } from '../api';

const PAGE = 25;
type SortKey = 'createdAt' | 'firstName' | 'email' | 'company' | 'utmSource';
const COLUMNS: [SortKey, string][] = [
  ['createdAt', 'Captured'],
  ['firstName', 'Name'],
  ['email', 'Email'],
  ['company', 'Company'],
  ['utmSource', 'Source'],
];

/** Export buttons: CSV first (the default), XLSX and JSON in a menu; progress while it streams. */
function ExportButtons({ query }: { query: string }) {
  const [progress, setProgress] = useState<string | null>(null);
  const run = async (format: 'csv' | 'xlsx' | 'json') => {
    setProgress('Preparing…');
    try {
      await download(`/v1/leads?format=${format}${query ? `&${query}` : ''}${format === 'json' ? '&limit=1000' : ''}`, `parley-leads.${format}`, (bytes) => setProgress(`${(bytes / 1024).toFixed(0)} KB received…`));
      setProgress(null);
    } catch {
      setProgress('The export failed; try again.');
    }
  };
  return (
    <div class="exports">
      <button type="button" onClick={() => run('csv')}>Export CSV</button>
      <details class="menu">
        <summary>More formats</summary>
        <button type="button" onClick={() => run('xlsx')}>Excel (XLSX)</button>
        <button type="button" onClick={() => run('json')}>JSON</button>
      </details>
      {progress && <span role="status">{progress}</span>}
    </div>
  );
}

export function LeadsPage() {
  const [leads, setLeads] = useState<LeadRow[] | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'createdAt', desc: true });
  const [page, setPage] = useState(0);
  useEffect(() => {
    setLeads(null);
    api.leads(from || undefined, to || undefined).then(setLeads, () => setLeads([]));
  }, [from, to]);
  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const found = (leads ?? []).filter((l) => !needle || LEAD_COLUMNS.some((c) => typeof l[c] === 'string' && (l[c] as string).toLowerCase().includes(needle)));
    return found.sort((a, b) => (a[sort.key] < b[sort.key] ? -1 : a[sort.key] > b[sort.key] ? 1 : 0) * (sort.desc ? -1 : 1));
  }, [leads, search, sort]);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const query = [from && `from=${from}`, to && `to=${to}`].filter(Boolean).join('&');
  return (
    <section aria-labelledby="leads-title">
      <h1 id="leads-title">Leads</h1>
      <div class="toolbar">
        <label>Search <input type="search" value={search} onInput={(e) => { setSearch(e.currentTarget.value); setPage(0); }} /></label>
        <label>From <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} /></label>
        <label>To <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} /></label>
        <ExportButtons query={query} />
      </div>
      {!leads ? <p aria-busy="true">Loading…</p> : rows.length === 0 ? <p>No leads yet.</p> : (
        <>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  {COLUMNS.map(([key, label]) => (
                    <th key={key} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                      <button type="button" class="link" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key === 'createdAt' })}>{label}</button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.slice(page * PAGE, (page + 1) * PAGE).map((l) => (
                  <tr key={l.contactId}>
                    <td>{new Date(l.createdAt).toLocaleString()}</td>
                    <td><a href={`#/leads/${encodeURIComponent(l.contactId)}`}>{[l.firstName, l.lastName].filter(Boolean).join(' ') || '(no name)'}</a></td>
                    <td>{l.email}</td>
                    <td>{l.company}</td>
                    <td>{l.utmSource}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label="Pages">
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</button>
            <span>Page {page + 1} of {pages} · {rows.length} leads</span>
            <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>Next</button>
          </nav>
        </>
      )}
    </section>
  );
}
