/**
 * Widget load cost in real Chromium, against a same-run baseline (the demo
 * page without the script tag): gzipped sizes, time from script start to the
 * launcher on screen, and main-thread time from a performance trace.
 * Usage: npm run bench:widget [-- --runs 10]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { buildBundle, startStack } from '../local/stack';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const RUNS = Number(values.runs);
const DIST = join(import.meta.dirname, '../widget/dist');

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string } };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Main-thread figures of one page load: all task time, and script time attributed to parley*.js. */
function mainThread(events: TraceEvent[]): { busy: number; widgetScript: number } {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur);
  const busy = onMain.filter((e) => e.name === 'RunTask').reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000;
  // Top-level script entries of the widget (compile, evaluate, callbacks), not double-counting nested ones.
  const ours = onMain
    .filter(
      (e) =>
        ['EvaluateScript', 'FunctionCall', 'v8.compile', 'V8.CompileCode', 'v8.evaluateModule'].includes(e.name) &&
        /parley(-chat)?\.js/.test(e.args?.data?.url ?? ''),
    )
    .sort((a, b) => a.ts - b.ts);
  let widgetScript = 0;
  let end = 0;
  for (const e of ours) {
    const stop = e.ts + (e.dur ?? 0);
    if (stop <= end) continue;
    widgetScript += stop - Math.max(e.ts, end);
    end = stop;
  }
  return { busy, widgetScript: widgetScript / 1000 };
}

async function load(browser: Browser, url: string, withWidget: boolean) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (!withWidget) {
    await page.route(url, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: (await res.text()).replace(/<script async src="\/parley\.js"[^>]*><\/script>/, '') });
    });
  }
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'disabled-by-default-v8.compile'] });
  await page.goto(url, { waitUntil: 'load' });
  // Plain evaluate in the page (no Playwright locators: their injected script would count as main-thread time).
  // A string, as tsx would wrap a function's inner names in helpers the page lacks.
  const launcher = (await page.evaluate(`new Promise((resolve) => {
    const widget = ${withWidget};
    (function check() {
      const start = performance.getEntriesByName('parley:start')[0];
      const ready = performance.getEntriesByName('parley:ready')[0];
      if (!widget) return resolve(NaN);
      // "On screen": the frame after the launcher was appended.
      if (start && ready) requestAnimationFrame(() => resolve(ready.startTime - start.startTime));
      else setTimeout(check, 20);
    })();
  })`)) as number;
  await page.waitForTimeout(500);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  await context.close();
  return { launcher, ...mainThread(trace.traceEvents) };
}

buildBundle('widget/vite.config.ts');
const gz = (f: string) => gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length;
const stack = await startStack({ port: 0 });
const browser = await chromium.launch({ executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const url = `${stack.url}/demo`;
  await load(browser, url, true); // warm-up: server, handler modules, caches
  const withWidget = [];
  const baseline = [];
  for (let i = 0; i < RUNS; i++) {
    baseline.push(await load(browser, url, false));
    withWidget.push(await load(browser, url, true));
  }
  const busyWith = median(withWidget.map((r) => r.busy));
  const busyWithout = median(baseline.map((r) => r.busy));
  console.log(`widget load, median of ${RUNS} runs (Chromium ${browser.version()})`);
  console.log(`  parley.js             ${gz('parley.js')} B gzipped (first load)`);
  console.log(`  parley-chat.js        ${gz('parley-chat.js')} B gzipped (on first open)`);
  console.log(`  total                 ${gz('parley.js') + gz('parley-chat.js')} B gzipped (budget 15360)`);
  console.log(`  script start → launcher on screen   ${ms(median(withWidget.map((r) => r.launcher)))}`);
  console.log(`  widget script on main thread        ${ms(median(withWidget.map((r) => r.widgetScript)))}`);
  console.log(`  main-thread tasks, page + widget    ${ms(busyWith)}`);
  console.log(`  main-thread tasks, baseline page    ${ms(busyWithout)}  (widget adds ${ms(busyWith - busyWithout)})`);
} finally {
  await browser.close();
  await stack.stop();
}
