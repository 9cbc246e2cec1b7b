import { useState } from 'preact/hooks';
import { type LeadFilter, api, download, filterQuery, saveFile } from '../api';
import { count, datedFilename } from '../text';

type Format = 'csv' | 'xlsx' | 'json' | 'zip';

/**
 * Export buttons: CSV first (the default), XLSX and JSON in a menu; progress
 * while it streams. Every format holds exactly the list's search and dates,
 * all of it (restricted leads are left out of every export). Roles that may
 * export everything also get the whole account as one ZIP.
 */
export function LeadExport({ filter, everything }: { filter: LeadFilter; everything: boolean }) {
  const [progress, setProgress] = useState<string | null>(null);
  // A byte order mark makes Excel on Windows read the file as UTF-8 (ä, ö, ł); other tools ignore it.
  const [bom, setBom] = useState(true);
  const run = async (format: Format) => {
    setProgress('Preparing…');
    const query = filterQuery(filter);
    try {
      if (format === 'zip') {
        await download('/v1/export', datedFilename('parley-export', 'zip'), (bytes) => setProgress(`${(bytes / 1024).toFixed(0)} KB received…`));
      } else if (format === 'json') {
        const rows = await api.exportLeads(filter, (n) => setProgress(`${count(n, 'lead', 'leads')} received…`));
        saveFile(new Blob([`${JSON.stringify(rows, null, 2)}\n`], { type: 'application/json' }), datedFilename('parley-leads', 'json'));
      } else {
        const options = [`format=${format}`, query, format === 'csv' && bom ? 'bom=1' : ''].filter(Boolean).join('&');
        await download(`/v1/leads?${options}`, datedFilename('parley-leads', format), (bytes) => setProgress(`${(bytes / 1024).toFixed(0)} KB received…`));
      }
      setProgress(null);
    } catch {
      setProgress('The export failed; try again.');
    }
  };
  return (
    <div class="exports">
      <button type="button" onClick={() => run('csv')}>
        Export CSV
      </button>
      <details class="menu">
        <summary>More formats</summary>
        <button type="button" onClick={() => run('xlsx')}>
          Excel (XLSX)
        </button>
        <button type="button" onClick={() => run('json')}>
          JSON
        </button>
        {everything && (
          <button type="button" onClick={() => run('zip')}>
            Everything (ZIP)
          </button>
        )}
        <label class="inline">
          <input type="checkbox" checked={bom} onChange={(e) => setBom(e.currentTarget.checked)} /> CSV for Excel (UTF-8 byte order mark)
        </label>
      </details>
      {progress && <span role="status">{progress}</span>}
    </div>
  );
}
