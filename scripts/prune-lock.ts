/**
 * Drops optional dependencies the registry does not have from
 * package-lock.json. The registry this project installs from carries the
 * platform binaries of some packages (Biome, SWC) for Linux only; npm records
 * the missing ones as wanted but unresolved, and `npm ci` then refuses the
 * lockfile. Run after `npm install` adds such a package: `npm run lock:prune`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

type Entry = { optionalDependencies?: Record<string, string> };
const file = 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, Entry> };
const dropped: string[] = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    const nested = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    delete entry.optionalDependencies![name];
    dropped.push(`${path || '(root)'} → ${name}`);
  }
  if (entry.optionalDependencies && Object.keys(entry.optionalDependencies).length === 0) delete entry.optionalDependencies;
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(dropped.length ? `Dropped ${dropped.length} unresolved optional dependencies:\n${dropped.join('\n')}\n` : 'Nothing to drop.\n');
