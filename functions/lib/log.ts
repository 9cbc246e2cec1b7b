/**
 * Structured JSON logs. Whatever is logged passes `redact`, so a whole IP,
 * an email, a phone number or a secret key never reaches a log line.
 */
import ipaddr from 'ipaddr.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import { config } from './config';

type Level = 'debug' | 'info' | 'warn' | 'error';

// Every pattern is linear: bounded repetitions or a single character class,
// so no input can make redaction slow (paths are logged on every 5xx).
const IPV4 = /\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}\b/g;
// Runs of the characters an IPv6 address is made of; ipaddr.js decides which runs are addresses.
const IPV6_CANDIDATE = /[0-9A-Fa-f:.%]{2,}/g;
const EMAIL_CANDIDATE = /[^\s"'<>@]{1,64}@[^\s"'<>@]{1,253}/g;
const DOMAIN = /\.[a-z]{2,}/i;
const SECRET = /\bsk_[A-Za-z0-9_]+/g;
// Not inside a longer number, and not an ISO date.
const PHONE = /(?<!\d)(?!\d{4}-\d{2}-\d{2})\+?\d[\d ().-]{6,30}\d/g;
const SENSITIVE_KEYS = /^(text|answer|answers|message|email|phone|firstname|lastname|authorization|x-parley-visitor|apikey|secret|sourceip|ip|body)$/i;
/** Longer strings are cut before redaction: a log line needs no more. */
export const MAX_LOGGED_CHARS = 2_000;

function redactIpv6(run: string): string {
  if (run.split(':').length < 3) return run;
  const address = run.replace(/%.*$/, '');
  // A sentence may end right after an address ("from ::1.").
  const candidates = [address, address.replace(/\.+$/, ''), address.endsWith('::') ? address : address.replace(/:$/, '')];
  return candidates.some((a) => ipaddr.IPv6.isValid(a)) ? '[ipv6]' : run;
}

function redactText(value: string): string {
  const cut = value.length > MAX_LOGGED_CHARS ? `${value.slice(0, MAX_LOGGED_CHARS)}…[cut]` : value;
  return cut
    .replace(SECRET, 'sk_[redacted]')
    .replace(EMAIL_CANDIDATE, (m) => (DOMAIN.test(m.slice(m.indexOf('@'))) ? '[email]' : m))
    .replace(IPV6_CANDIDATE, redactIpv6)
    .replace(IPV4, '$1.$2.$3.x')
    .replace(PHONE, '[phone]');
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

// stderr keeps command output (JSON on stdout) clean; Lambda sends both to its log.
let sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

/** Sends log lines elsewhere (tests capture them). */
export function setLogSink(next: (line: string) => void): void {
  sink = next;
}

const requestScope = new AsyncLocalStorage<string>();
let instanceRequestId: string | undefined;

/** Runs `work` with every log line naming `requestId` (the local server runs many requests at once). */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return requestScope.run(requestId, work);
}

/** The request a Lambda instance is serving now: an instance serves one at a time. */
export function setRequestId(requestId: string | undefined): void {
  instanceRequestId = requestId;
}

function write(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (level === 'debug' && !config.debugLogs()) return;
  const requestId = requestScope.getStore() ?? instanceRequestId;
  const entry = {
    level,
    time: new Date().toISOString(),
    ...(requestId ? { requestId } : {}),
    message: redact(message),
    ...(redact(fields) as Record<string, unknown>),
  };
  sink(JSON.stringify(entry));
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};
