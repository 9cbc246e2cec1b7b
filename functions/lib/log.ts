/**
 * Structured JSON logs. Whatever is logged passes `redact`, so a whole IP,
 * an email, a phone number or a secret key never reaches a log line.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';

const IPV4 = /\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}\b/g;
const IPV6 = /\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}\b|\b(?:[0-9a-f]{1,4}:)+:(?:[0-9a-f]{1,4}:?)*\b/gi;
const EMAIL = /[^\s"'<>@]+@[^\s"'<>@]+\.[a-z]{2,}/gi;
const SECRET = /\bsk_[A-Za-z0-9_]+/g;
// Not inside a longer number, and not an ISO date.
const PHONE = /(?<!\d)(?!\d{4}-\d{2}-\d{2})\+?\d[\d ().-]{6,}\d/g;
const SENSITIVE_KEYS = /^(text|answer|answers|message|email|phone|firstname|lastname|authorization|x-parley-visitor|apikey|secret|sourceip|ip|body)$/i;

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return value
      .replace(SECRET, 'sk_[redacted]')
      .replace(EMAIL, '[email]')
      .replace(IPV4, '$1.$2.$3.x')
      .replace(IPV6, '[ipv6]')
      .replace(PHONE, '[phone]');
  }
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
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

function write(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (level === 'debug' && !process.env.PARLEY_DEBUG) return;
  const entry = { level, time: new Date().toISOString(), message: redact(message), ...(redact(fields) as Record<string, unknown>) };
  sink(JSON.stringify(entry));
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};
