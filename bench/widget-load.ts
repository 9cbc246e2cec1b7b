/**
 * What the widget costs a host page in real Chromium, with the CPU slowed
 * down 4× (a mid-range phone), against two rows of the same run: the demo
 * page without any script (the baseline) and the same page with a ~1 KB
 * page-view beacon (`bench/tiny-tracker.js`, as the smallest privacy
 * trackers ship). Each load is traced from navigation until a fixed window
 * after `load` has passed (the widget waits for an idle moment, then
 * fetches its config and shows the launcher; the first events go 2 s
 * later), with nothing of the harness running in the page meanwhile.
 *
 * Per row, medians over the runs: gzipped size of the script; long tasks
 * (over 50 ms) on the page's main thread, and those running the script;
 * main-thread time of the script itself (compiling it, and its JavaScript
 * by the profiler's samples, callbacks and promise continuations included);
 * all main-thread task time, and what the row adds to the baseline.
 *
 * Usage: npm run bench:widget [-- --runs 10 --throttle 4 --window 6000]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { buildBundle, startStack } from '../local/stack';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, throttle: { type: 'string', default: '4' }, window: { type: 'string', default: '6000' } },
});
const RUNS = Number(values.runs);
const THROTTLE = Number(values.throttle);
const WINDOW_MS = Number(values.window);
const DIST = join(import.meta.dirname, '../widget/dist');
// Served without its opening comment.
const TINY = readFileSync(join(import.meta.dirname, 'tiny-tracker.js'), 'utf8').replace(/^\/\*[\s\S]*?\*\/\n/, '');
const LONG_TASK_US = 50_000;

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    data?: {
      url?: string;
    };
  };
}

/** One way of loading the demo page: which script tag it carries, and which script URLs count as its own. */
interface Row {
  label: string;
  /** Replaces the page's parley.js tag (undefined: keeps it). */
  tag?: (siteKey: string, api: string) => string;
  ours?: RegExp;
  gzip?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const gz = (code: string | Buffer) => gzipSync(code, { level: 9 }).length;

/** Main-thread figures of one traced load; `ours` picks the script's URLs. */
function analyse(events: TraceEvent[], ours: RegExp | undefined) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur);
  const busy = tasks.reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000;
  const long = tasks.filter((t) => (t.dur ?? 0) > LONG_TASK_US);
  const loaded = events.find((e) => e.name === 'MarkLoad')?.ts ?? Number.POSITIVE_INFINITY;
  if (!ours) return { busy, longTasks: long.length, longWithScript: 0, scriptAtLoad: 0, script: 0 };

  // Compiling and running the script's top-level code, and its callbacks (idle, timers, events)...
  const marked = onMain.filter((e) => ['EvaluateScript', 'FunctionCall', 'v8.compile'].includes(e.name) && ours.test(e.args?.data?.url ?? ''));
  const from = Math.min(...marked.map((e) => e.ts));
  // ...and its promise continuations (after a fetch): the page runs no script of its own after parsing.
  const microtasks = onMain.filter((e) => e.name === 'BlinkScheduler_PerformMicrotaskCheckpoint' && e.ts >= from);
  const spans = [...marked, ...microtasks].map((e): [number, number] => [e.ts, e.ts + (e.dur ?? 0)]).sort((a, b) => a[0] - b[0]);
  /** Time covered by `spans` (each counted once), up to `until`. */
  const covered = (until: number) => {
    let total = 0;
    let end = 0;
    for (const [a, b] of spans) {
      const to = Math.min(b, until);
      if (to <= end || to <= a) continue;
      total += to - Math.max(a, end);
      end = to;
    }
    return total / 1000;
  };
  const longWithScript = long.filter((t) => spans.some(([a, b]) => a < t.ts + (t.dur ?? 0) && b > t.ts)).length;
  return { busy, longTasks: long.length, longWithScript, scriptAtLoad: covered(loaded), script: covered(Number.POSITIVE_INFINITY) };
}

async function load(browser: Browser, url: string, row: Row) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  // What the page itself sees: long tasks, and when the widget made its shadow root (the launcher follows at once).
  await page.addInitScript(`(() => {
    const seen = (window.__bench = { longTasks: 0, shell: NaN });
    try { new PerformanceObserver((list) => { seen.longTasks += list.getEntries().length; }).observe({ type: 'longtask', buffered: true }); } catch {}
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      if (this.hasAttribute('data-parley')) seen.shell = performance.now();
      return attach.call(this, init);
    };
  })()`);
  const { tag } = row;
  if (tag) {
    await page.route(url, async (route) => {
      const res = await route.fetch();
      const html = await res.text();
      const [, site = '', api = ''] = /data-site="([^"]+)" data-api="([^"]+)"/.exec(html) ?? [];
      await route.fulfill({ response: res, body: html.replace(/<script async src="\/parley\.js"[^>]*><\/script>/, tag(site, api)) });
    });
    await page.route('**/tiny-tracker.js', (route) => route.fulfill({ contentType: 'text/javascript', body: TINY }));
  }
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'],
  });
  await page.goto(url, { waitUntil: 'load' });
  // Nothing runs in the page meanwhile: the harness only waits.
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  const seen = (await page.evaluate(`(() => {
    const script = performance.getEntriesByType('resource').find((e) => /\\/parley\\.js$/.test(e.name));
    return { longTasks: window.__bench.longTasks, launcher: script ? window.__bench.shell - script.responseEnd : NaN };
  })()`)) as { longTasks: number; launcher: number };
  await context.close();
  return { ...analyse(trace.traceEvents, row.ours), observedLongTasks: seen.longTasks, launcher: seen.launcher };
}

buildBundle('widget/vite.config.ts');
const dist = (f: string) => readFileSync(join(DIST, f));
const rows: Row[] = [
  { label: 'no script (baseline)', tag: () => '' },
  {
    label: `1 KB tracker (${TINY.length} B)`,
    tag: (site, api) => `<script async src="/tiny-tracker.js" data-site="${site}" data-api="${api}"></script>`,
    ours: /\/tiny-tracker\.js/,
    gzip: gz(TINY),
  },
  { label: 'parley.js', ours: /\/parley(-[a-z]+)?(\.[a-z]{2})?\.js/, gzip: gz(dist('parley.js')) },
];

const stack = await startStack({ port: 0 });
const browser = await chromium.launch({ executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const url = `${stack.url}/demo`;
  for (const row of rows) await load(browser, url, row); // warm-up: server, handler modules, caches
  const results = rows.map(() => [] as Awaited<ReturnType<typeof load>>[]);
  for (let i = 0; i < RUNS; i++) for (const [r, row] of rows.entries()) results[r]?.push(await load(browser, url, row));

  const m = (r: number, key: keyof Awaited<ReturnType<typeof load>>) => median((results[r] ?? []).map((x) => x[key]));
  const base = m(0, 'busy');
  const cols: [string, number][] = [
    ['page', -26],
    ['gzip B', 8],
    ['long tasks', 12],
    ['…running it', 13],
    ['script ms to load', 19],
    ['script ms in all', 17],
    ['busy ms', 9],
    ['vs baseline', 13],
  ];
  const line = (cells: (string | number)[]) =>
    cells.map((c, i) => (cols[i]![1] < 0 ? String(c).padEnd(-cols[i]![1]) : String(c).padStart(cols[i]![1]))).join('');
  console.log(`widget load in Chromium ${browser.version()}, CPU throttled ${THROTTLE}×, median of ${RUNS} runs, each traced until ${WINDOW_MS} ms after load`);
  console.log(line(cols.map(([c]) => c)));
  rows.forEach((row, r) => {
    const busy = m(r, 'busy');
    const script = (key: 'scriptAtLoad' | 'script') => (row.ours ? m(r, key).toFixed(1) : '—');
    console.log(
      line([
        row.label,
        row.gzip ?? '—',
        `${m(r, 'longTasks')} (${m(r, 'observedLongTasks')})`,
        row.ours ? m(r, 'longWithScript') : '—',
        script('scriptAtLoad'),
        script('script'),
        busy.toFixed(1),
        r === 0 ? '—' : `${busy - base >= 0 ? '+' : ''}${(busy - base).toFixed(1)}`,
      ]),
    );
  });
  console.log('  long tasks: main-thread tasks over 50 ms in the trace (in brackets: as the page saw them, PerformanceObserver "longtask");');
  console.log("  …running it: those with the script's code in them. script ms: compiling and running it (callbacks, promise continuations),");
  console.log('  until the load event and over the whole window. busy ms: every main-thread task, page and script.');
  console.log(`  parley.js arrived → launcher made: ${m(2, 'launcher').toFixed(0)} ms (it waits for an idle moment, then for its config)`);
  const chats = ['parley-chat.js', 'parley-chat.fi.js', 'parley-chat.ar.js'].map((f) => `${f} ${gz(dist(f))} B`).join(', ');
  console.log(`  loaded only on first open: ${chats}, …; parley-live.js ${gz(dist('parley-live.js'))} B once a conversation exists`);
} finally {
  await browser.close();
  await stack.stop();
}
