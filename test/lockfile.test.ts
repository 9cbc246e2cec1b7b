import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Entry = { optionalDependencies?: Record<string, string> };

describe('package-lock.json', () => {
  it('resolves every optional dependency it names, so `npm ci` accepts it on a fresh machine', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, Entry> };
    const dangling = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !lock.packages[path ? `${path}/node_modules/${name}` : `node_modules/${name}`] && !lock.packages[`node_modules/${name}`])
        .map((name) => `${path} → ${name}`),
    );
    // `npm run lock:prune` drops what the registry does not carry.
    expect(dangling).toEqual([]);
  });
});
