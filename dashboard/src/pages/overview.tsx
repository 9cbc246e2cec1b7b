import { useEffect, useState } from 'preact/hooks';
import type { ConversationRow, LeadRow } from '../../../shared/schemas/exports';
import { api } from '../api';

const DAYS = 30;
const dayKey = (iso: string) => iso.slice(0, 10);

function lastDays(): string[] {
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  return Array.from({ length: DAYS }, (_, i) => new Date(today - (DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

function top(values: string[], n = 5): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** Leads and conversations per day as an SVG bar chart (no chart library). */
function Chart({ days, leads, conversations }: { days: string[]; leads: number[]; conversations: number[] }) {
  const max = Math.max(1, ...leads, ...conversations);
  const w = 600;
  const h = 160;
  const slot = w / days.length;
  return (
    <svg viewBox={`0 0 ${w} ${h + 20}`} role="img" aria-label={`Leads and conversations per day, last ${DAYS} days`} class="chart">
      {days.map((d, i) => {
        const lh = ((leads[i] ?? 0) / max) * h;
        const ch = ((conversations[i] ?? 0) / max) * h;
        return (
          <g key={d}>
            <title>{`${d}: ${leads[i] ?? 0} leads, ${conversations[i] ?? 0} conversations`}</title>
            <rect x={i * slot + 2} y={h - ch} width={slot / 2 - 2} height={ch} class="bar-conv" />
            <rect x={i * slot + slot / 2} y={h - lh} width={slot / 2 - 2} height={lh} class="bar-lead" />
          </g>
        );
      })}
      <text x="0" y={h + 16} class="axis">{days[0]}</text>
      <text x={w} y={h + 16} text-anchor="end" class="axis">{days.at(-1)}</text>
    </svg>
  );
}

export function OverviewPage() {
  const [data, setData] = useState<{ leads: LeadRow[]; conversations: ConversationRow[] } | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    const from = lastDays()[0];
    Promise.all([api.leads(from), api.conversations(from)]).then(([leads, conversations]) => setData({ leads, conversations }), () => setError('Could not load the overview.'));
  }, []);
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p aria-busy="true">Loading…</p>;
  const days = lastDays();
  const per = (rows: { createdAt: string }[]) => days.map((d) => rows.filter((r) => dayKey(r.createdAt) === d).length);
  const pages = top(data.leads.map((l) => (l.pageUrl ? new URL(l.pageUrl).pathname : '')));
  const sources = top(data.leads.map((l) => l.utmSource || (l.referrer ? new URL(l.referrer, 'https://x').hostname : '') || '(direct)'));
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      <div class="totals">
        <p><strong>{data.leads.length}</strong> leads</p>
        <p><strong>{data.conversations.length}</strong> conversations</p>
        <p><strong>{data.conversations.length ? Math.round((data.leads.length / data.conversations.length) * 100) : 0}%</strong> became leads</p>
      </div>
      <p class="legend"><span class="key-conv" /> conversations <span class="key-lead" /> leads — last {DAYS} days</p>
      <Chart days={days} leads={per(data.leads)} conversations={per(data.conversations)} />
      <div class="columns">
        <Top title="Top pages that produced leads" rows={pages} />
        <Top title="Top sources" rows={sources} />
      </div>
    </section>
  );
}

function Top({ title, rows }: { title: string; rows: [string, number][] }) {
  return (
    <div>
      <h2>{title}</h2>
      {rows.length === 0 ? <p class="muted">Nothing yet.</p> : (
        <ol class="top">
          {rows.map(([label, n]) => (
            <li key={label}><span>{label}</span> <strong>{n}</strong></li>
          ))}
        </ol>
      )}
    </div>
  );
}
