// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Trigger } from '../../../shared/schemas/bots';
import { proactive, watchTrigger } from './triggers';

const trigger = (t: Partial<Trigger>): Trigger => ({ exitIntent: false, combine: 'any', frequency: 'session', ...t });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('bot triggers', () => {
  it('a trigger naming nothing never opens a bot by itself', () => {
    expect(proactive(trigger({}))).toBe(false);
    expect(proactive(trigger({ afterSeconds: 0 }))).toBe(true);
  });

  it('fires once after the time on page', () => {
    const fire = vi.fn();
    watchTrigger(trigger({ afterSeconds: 10 }), fire);
    vi.advanceTimersByTime(9_999);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(60_000);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('with "all" waits for the time and the scroll depth both', () => {
    const fire = vi.fn();
    Object.defineProperty(document.documentElement, 'scrollHeight', { value: 2000, configurable: true });
    watchTrigger(trigger({ afterSeconds: 5, scrollPercent: 50, combine: 'all' }), fire);
    vi.advanceTimersByTime(6_000);
    expect(fire).not.toHaveBeenCalled();
    vi.stubGlobal('scrollY', 1000);
    dispatchEvent(new Event('scroll'));
    expect(fire).toHaveBeenCalledTimes(1);
    vi.unstubAllGlobals();
  });

  it('inactivity restarts its count on every sign of life; stopping cancels everything', () => {
    const fire = vi.fn();
    watchTrigger(trigger({ inactivitySeconds: 30 }), fire);
    vi.advanceTimersByTime(20_000);
    dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(20_000);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(fire).toHaveBeenCalledTimes(1);

    const never = vi.fn();
    const stop = watchTrigger(trigger({ afterSeconds: 1, inactivitySeconds: 1 }), never);
    stop();
    vi.advanceTimersByTime(5_000);
    expect(never).not.toHaveBeenCalled();
  });
});
