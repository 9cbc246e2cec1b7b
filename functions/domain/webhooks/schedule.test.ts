import { describe, expect, it } from 'vitest';
import { JITTER, RETRY_SCHEDULE_MS, nextRetryDelay, retryAfterMs } from './schedule';

const s = 1000;
const min = 60 * s;
const h = 60 * min;

describe('the retry schedule', () => {
  it('is the Standard Webhooks schedule: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h', () => {
    expect(RETRY_SCHEDULE_MS).toEqual([0, 5 * s, 5 * min, 30 * min, 2 * h, 5 * h, 10 * h, 14 * h, 20 * h, 24 * h]);
  });

  it('waits the next step after each failed attempt, within the jitter, and ends after ten attempts', () => {
    const middle = () => 0.5;
    expect(nextRetryDelay(1, { random: middle })).toBe(5 * s);
    expect(nextRetryDelay(2, { random: middle })).toBe(5 * min);
    expect(nextRetryDelay(9, { random: middle })).toBe(24 * h);
    expect(nextRetryDelay(10, { random: middle })).toBeUndefined();
    expect(nextRetryDelay(3, { random: () => 0 })).toBe(30 * min * (1 - JITTER));
    expect(nextRetryDelay(3, { random: () => 0.999999 })).toBeCloseTo(30 * min * (1 + JITTER), -3);
  });

  it('shrinks by the scale (tests) and honours a longer Retry-After', () => {
    expect(nextRetryDelay(2, { random: () => 0.5, scale: 0.001 })).toBe(300);
    expect(nextRetryDelay(1, { random: () => 0.5, retryAfterMs: 60 * s })).toBe(60 * s);
    expect(nextRetryDelay(2, { random: () => 0.5, retryAfterMs: 1 * s })).toBe(5 * min);
  });

  it('reads Retry-After as seconds or an HTTP date, capped at a day', () => {
    expect(retryAfterMs('120')).toBe(120 * s);
    expect(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 1)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(min);
    expect(retryAfterMs('999999999')).toBe(24 * h);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
