/**
 * Log redaction under hostile input: time per call for strings built to make
 * backtracking patterns explode, against benign text of the same length in
 * the same run (the baseline). Linear redaction keeps the two close.
 *
 *   npm run bench:redact
 */
import { redact } from '../functions/lib/log';

const LENGTHS = [1_000, 10_000, 100_000];

const hostile: Record<string, (n: number) => string> = {
  'ipv6 1::aaaa…g': (n) => `1::${'a'.repeat(n)}g`,
  'colon runs': (n) => `/v1/${'1:'.repeat(n / 2)}x`,
  'email without domain': (n) => `${'a'.repeat(n / 2)}@${'b'.repeat(n / 2)}`,
  'phone-like run': (n) => `1${' ('.repeat(n / 2)}x`,
};
const benign = (n: number) => 'GET /v1/leads?format=csv from a browser '.repeat(Math.ceil(n / 40)).slice(0, n);

function perCall(input: string): number {
  const rounds = 200;
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) redact(input);
  return Number(process.hrtime.bigint() - start) / rounds / 1e3;
}

const rows: Record<string, string | number>[] = [];
for (const n of LENGTHS) {
  const baseline = perCall(benign(n));
  rows.push({ input: 'benign text (baseline)', chars: n, 'µs/call': baseline.toFixed(1), 'x baseline': '1.0' });
  for (const [name, make] of Object.entries(hostile)) {
    const us = perCall(make(n));
    rows.push({ input: name, chars: n, 'µs/call': us.toFixed(1), 'x baseline': (us / baseline).toFixed(1) });
  }
}
console.table(rows);
