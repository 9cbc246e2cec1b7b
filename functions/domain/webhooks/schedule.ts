/**
 * When a failed delivery is tried again (the Standard Webhooks schedule):
 * at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and
 * 24 h. Ten attempts in all, about three days; then the endpoint is turned
 * off and the tenant's owners are told.
 */
export const RETRY_SCHEDULE_MS = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000] as const;

/** A delay is spread by up to ±10% so endpoints that failed together do not all retry together. */
export const JITTER = 0.1;

/**
 * The wait before the attempt after `attemptsMade` attempts, or undefined
 * when the schedule is spent. `scale` shrinks the schedule (tests only);
 * `random` is injectable for tests; a 429's `Retry-After` is honoured when
 * it asks for longer.
 */
export function nextRetryDelay(
  attemptsMade: number,
  options: { scale?: number; random?: () => number; retryAfterMs?: number | undefined } = {},
): number | undefined {
  const base = RETRY_SCHEDULE_MS[attemptsMade];
  if (base === undefined) return undefined;
  const jitter = 1 + (2 * (options.random ?? Math.random)() - 1) * JITTER;
  const delay = Math.round(base * (options.scale ?? 1) * jitter);
  return Math.max(delay, options.retryAfterMs ?? 0);
}

/** `Retry-After` as milliseconds: delay-seconds or an HTTP date; capped at a day. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 86_400_000) : undefined;
}
