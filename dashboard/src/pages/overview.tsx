import { api } from '../api';
import { fullName } from '../lead-list';
import { LoadFailed, Loading, useLoad } from '../load';
import { listHref } from '../route';
import { conversionOf } from '../stats';
import { count, noun } from '../text';

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
      <text x="0" y={h + 16} class="axis">
        {days[0]}
      </text>
      <text x={w} y={h + 16} text-anchor="end" class="axis">
        {days.at(-1)}
      </text>
    </svg>
  );
}

const RECENT = 5;

export function OverviewPage() {
  const from = lastDays()[0] ?? '';
  const [loaded, retry] = useLoad(async () => {
    const [leads, conversations] = await Promise.all([api.leads(from), api.conversations(from)]);
    return { leads, conversations };
  }, [from]);
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'failed') return <LoadFailed what="the overview" onRetry={retry} />;
  const data = loaded.data;
  const days = lastDays();
  const per = (rows: { createdAt: string }[]) => days.map((d) => rows.filter((r) => dayKey(r.createdAt) === d).length);
  const pages = top(data.leads.map((l) => (l.pageUrl ? new URL(l.pageUrl).pathname : '')));
  const sources = top(data.leads.map((l) => l.utmSource || (l.referrer ? new URL(l.referrer, 'https://x').hostname : '') || '(direct)'));
  const conversion = conversionOf(data.conversations, data.leads);
  const recent = [...data.leads].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)).slice(0, RECENT);
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      <ul class="totals">
        <li>
          <a href={listHref('leads', { from })}>
            <strong>{data.leads.length}</strong> {noun(data.leads.length, 'lead', 'leads')}
          </a>
        </li>
        <li>
          <a href={listHref('conversations', { from })}>
            <strong>{data.conversations.length}</strong> {noun(data.conversations.length, 'conversation', 'conversations')}
          </a>
        </li>
        <li>
          <a href={listHref('conversations', { from })}>
            <strong>{conversion.percent}%</strong> became leads
            <span class="muted">
              {' '}
              ({conversion.converted} of {count(conversion.engaged, 'conversation', 'conversations')} with a visitor reply)
            </span>
          </a>
        </li>
      </ul>
      <p class="legend">
        <span class="key-conv" /> conversations <span class="key-lead" /> leads — last {DAYS} days
      </p>
      <Chart days={days} leads={per(data.leads)} conversations={per(data.conversations)} />
      <h2 id="recent-title">Latest leads</h2>
      {recent.length === 0 ? (
        <p class="muted">No leads in the last {DAYS} days.</p>
      ) : (
        <ol class="recent" aria-labelledby="recent-title">
          {recent.map((l) => (
            <li key={l.contactId}>
              <a href={`#/leads/${encodeURIComponent(l.contactId)}`}>{fullName(l) || l.email || '(no name)'}</a>
              <span class="muted">
                {' '}
                {l.company && `${l.company} · `}
                <time dateTime={l.createdAt}>{new Date(l.createdAt).toLocaleString()}</time>
              </span>
            </li>
          ))}
        </ol>
      )}
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
      {rows.length === 0 ? (
        <p class="muted">Nothing yet.</p>
      ) : (
        <ol class="top">
          {rows.map(([label, n]) => (
            <li key={label}>
              <span>{label}</span> <strong>{n}</strong>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
