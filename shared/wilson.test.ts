import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson';

describe('Wilson interval', () => {
  it('matches published values and stays within 0..1', () => {
    const a = wilsonInterval(10, 100);
    expect(a.rate).toBe(0.1);
    expect(a.low).toBeCloseTo(0.0552, 3);
    expect(a.high).toBeCloseTo(0.1744, 3);
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(10, 10).high).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual({ rate: 0, low: 0, high: 0 });
  });
});
