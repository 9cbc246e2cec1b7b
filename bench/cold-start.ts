/**
 * Cold-start benchmark: module init (load and top-level evaluation) of every
 * Lambda function as deployed, i.e. bundled by esbuild the way the CDK stack
 * bundles it (infra/bundling.ts), in fresh Node processes, against the
 * previous bundling (ESM, the whole AWS SDK left to the runtime's copy,
 * `--enable-source-maps`) in the same run, interleaved.
 *
 * Init is measured as the CPU time of the import (user + system), which a
 * busy machine inflates far less than wall time; wall time is printed as
 * context. Each round also loads the floor (bench/cold-floor.ts: Node's
 * HTTP modules and the DynamoDB client, bundled the same way, none of
 * Parley's code), so every function's figure has a ratio to the floor under
 * the same load. Prints the median of `--runs` per function, the slowest
 * first, and a CPU profile summary (`--cpu-prof`) of the slowest current
 * bundle. Usage: npm run bench:cold [-- --runs 3 --only get-export,post-collect]
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { type BuildOptions, build } from 'esbuild';
import { PREVIOUS_BUNDLING, besideBundle, besidePackagesOf, esbuildOptions } from '../infra/bundling';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'node_modules', '.cache', 'parley-cold-start');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, only: { type: 'string' } } });
const RUNS = Number(values.runs);

const modules = readdirSync(join(ROOT, 'functions'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'routes.ts' && f !== 'route-table.ts')
  .map((f) => f.slice(0, -3))
  .filter((m) => !values.only || values.only.split(',').includes(m));

const VARIANTS = {
  previous: { options: PREVIOUS_BUNDLING.options as BuildOptions, ext: '.mjs', nodeOptions: PREVIOUS_BUNDLING.nodeOptions },
  deployed: { options: esbuildOptions() as BuildOptions, ext: '.cjs', nodeOptions: '' },
} as const;
type Variant = keyof typeof VARIANTS;
const FLOOR = 'floor';

async function bundle(variant: Variant): Promise<string> {
  const dir = join(OUT, variant);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await build({
    ...VARIANTS[variant].options,
    entryPoints: {
      ...Object.fromEntries(modules.map((m) => [m, join(ROOT, 'functions', `${m}.ts`)])),
      ...(variant === 'deployed' ? { [FLOOR]: join(ROOT, 'bench', 'cold-floor.ts') } : {}),
    },
    outdir: dir,
    outExtension: { '.js': VARIANTS[variant].ext },
    logLevel: 'error',
  });
  if (variant === 'deployed') {
    // The large libraries deployed beside each bundle (infra/bundling.ts BESIDE_BUNDLE), where require finds them.
    const beside = new Set(modules.flatMap((m) => besidePackagesOf(readFileSync(join(dir, `${m}.cjs`), 'utf8'))));
    for (const name of beside) {
      mkdirSync(join(dir, 'node_modules', name), { recursive: true });
      for (const file of ['index.js', 'index.js.map']) copyFileSync(join(dirname(besideBundle(name)), file), join(dir, 'node_modules', name, file));
    }
  }
  return dir;
}

// The Lambda runtime's global for response streaming, as streamed handlers expect it at init.
const LOADER = [
  'globalThis.awslambda = { streamifyResponse: (f) => f, HttpResponseStream: { from: (s) => s } };',
  'const c0 = process.cpuUsage(); const t0 = performance.now(); await import(process.argv[1]);',
  'const c = process.cpuUsage(c0); process.stdout.write(JSON.stringify({ cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 }));',
].join(' ');
const env = (nodeOptions: string) => ({
  ...process.env,
  NODE_OPTIONS: nodeOptions,
  AWS_REGION: 'eu-west-1',
  PARLEY_TABLE: 'parley',
  PARLEY_MASTER_KEYS_SECRET_ARN: 'arn:x',
});

/** CPU time V8 takes to compile a bundle as the CommonJS loader does, without running it. */
const COMPILE_ONLY = [
  "const src = require('node:fs').readFileSync(process.argv[1], 'utf8'); const c0 = process.cpuUsage();",
  "require('node:vm').compileFunction(src, ['exports', 'require', 'module', '__filename', '__dirname']);",
  'const c = process.cpuUsage(c0); process.stdout.write(String((c.user + c.system) / 1000));',
].join(' ');

interface Init {
  cpu: number;
  wall: number;
}

/** One init of a bundle in a fresh process. */
async function initOnce(file: string, nodeOptions: string, extra: string[] = []): Promise<Init> {
  const { stdout } = await run(NODE, [...extra, '--input-type=module', '-e', LOADER, file], { env: env(nodeOptions), cwd: ROOT });
  return JSON.parse(stdout) as Init;
}

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function pool<T>(items: T[], worker: (item: T) => Promise<void>, width = 2): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await worker(items[next++]!);
    }),
  );
}

/** Node's own scripts that stand for a phase of the init. */
const LABELS: Record<string, string> = {
  'node:internal/modules/cjs/loader': 'loader (compiling the bundle)',
  'node:internal/bootstrap/realm': 'realm (loading Node built-ins)',
};

/** Self time per script of a CPU profile, the heaviest first (the bundle's own: its code running). */
function profileSummary(dir: string): string[] {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return [];
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: { id: number; callFrame: { url: string; functionName: string }; hitCount?: number }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    const where = frame?.url ? (LABELS[frame.url] ?? frame.url.replace(/^.*\//, '')) : `(${frame?.functionName || 'program'})`;
    self.set(where, (self.get(where) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([where, ms]) => `${where} ${ms.toFixed(1)} ms`);
}

async function main() {
  const dirs = { previous: await bundle('previous'), deployed: await bundle('deployed') };
  const file = (v: Variant, m: string) => join(dirs[v], `${m}${VARIANTS[v].ext}`);
  const floorFile = join(dirs.deployed, `${FLOOR}.cjs`);
  const results = new Map<string, Record<Variant | typeof FLOOR, { cpu: number; wall: number; kb: number }>>();
  await pool(modules, async (m) => {
    const samples: Record<Variant | typeof FLOOR, Init[]> = { previous: [], deployed: [], floor: [] };
    // Interleaved, so both variants and the floor meet the same load.
    for (let i = 0; i < RUNS; i++) {
      for (const v of ['previous', 'deployed'] as const) samples[v].push(await initOnce(file(v, m), VARIANTS[v].nodeOptions));
      samples.floor.push(await initOnce(floorFile, ''));
    }
    const summary = (v: Variant | typeof FLOOR) => ({
      cpu: median(samples[v].map((s) => s.cpu)),
      wall: median(samples[v].map((s) => s.wall)),
      kb: statSync(v === FLOOR ? floorFile : file(v, m)).size / 1024,
    });
    results.set(m, { previous: summary('previous'), deployed: summary('deployed'), floor: summary(FLOOR) });
  });
  // Context for the floor: loading an empty module (the loader's own cost).
  const emptyFile = join(OUT, 'empty.cjs');
  writeFileSync(emptyFile, '');
  const empty: number[] = [];
  for (let i = 0; i < RUNS; i++) empty.push((await initOnce(emptyFile, '')).cpu);
  const rows = [...results.entries()].sort((a, b) => b[1].deployed.cpu - a[1].deployed.cpu);
  const node = (await run(NODE, ['--version'])).stdout.trim();
  process.stdout.write(`\nCold start: module init of each function, median of ${RUNS} fresh processes per variant, interleaved, Node ${node}\n`);
  process.stdout.write('previous = ESM, AWS SDK from the runtime, --enable-source-maps; deployed = infra/bundling.ts;\n');
  process.stdout.write(
    'floor = node:http(s) + the DynamoDB document client bundled the same way, no Parley code (bench/cold-floor.ts), in the same rounds\n\n',
  );
  process.stdout.write(
    `${'function'.padEnd(28)}${'previous'.padStart(10)}${'deployed'.padStart(10)}${'floor'.padStart(8)}${'/prev'.padStart(7)}${'/floor'.padStart(8)}${'over floor'.padStart(12)}${'wall now'.padStart(10)}${'KiB now'.padStart(9)}\n`,
  );
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  for (const [m, { previous: a, deployed: b, floor: f }] of rows) {
    process.stdout.write(
      `${m.padEnd(28)}${ms(a.cpu).padStart(10)}${ms(b.cpu).padStart(10)}${ms(f.cpu).padStart(8)}${(b.cpu / a.cpu).toFixed(2).padStart(7)}${(b.cpu / f.cpu).toFixed(2).padStart(8)}${ms(b.cpu - f.cpu).padStart(12)}${ms(b.wall).padStart(10)}${b.kb.toFixed(0).padStart(9)}\n`,
    );
  }
  const sum = (v: Variant | typeof FLOOR) => rows.reduce((n, [, r]) => n + r[v].cpu, 0);
  const floors = rows.map(([, r]) => r.floor.cpu);
  const worst = rows[0]!;
  process.stdout.write(
    `\nAll functions: deployed / previous init CPU = ${(sum('deployed') / sum('previous')).toFixed(2)}, deployed / floor = ${(sum('deployed') / sum(FLOOR)).toFixed(2)}\n`,
  );
  process.stdout.write(
    `Floor: median ${ms(median([...floors]))} (${ms(Math.min(...floors))}–${ms(Math.max(...floors))} across rounds), ${(statSync(floorFile).size / 1024).toFixed(0)} KiB; an empty module: ${ms(median(empty))}\n`,
  );
  process.stdout.write(`Slowest: ${worst[0]}, ${(worst[1].deployed.cpu / worst[1].floor.cpu).toFixed(2)} × the floor of its rounds\n`);
  // Parsing the bundle alone (compiled, not run), then where the rest went.
  const compile: number[] = [];
  for (let i = 0; i < RUNS; i++) compile.push(JSON.parse((await run(NODE, ['-e', COMPILE_ONLY, file('deployed', worst[0])])).stdout) as number);
  const profDir = join(OUT, 'profile');
  rmSync(profDir, { recursive: true, force: true });
  await initOnce(file('deployed', worst[0]), '', ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
  process.stdout.write(`  parsing its bundle alone (compiled, not run): ${ms(median(compile))}\n`);
  process.stdout.write(`  CPU profile, self time by script: ${profileSummary(profDir).join(', ')}\n`);
  process.stdout.write(`Profile it: node --cpu-prof --cpu-prof-dir=/tmp/prof -e "require('${file('deployed', worst[0])}')"\n`);
  const over = rows.filter(([, r]) => r.deployed.cpu > 100).map(([m]) => m);
  process.stdout.write(over.length ? `Over 100 ms CPU on this machine: ${over.join(', ')}\n` : 'Every function initialises in 100 ms of CPU or less.\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
