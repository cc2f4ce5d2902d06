import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './connectionState.ts';

describe('reconnectDelayMs', () => {
  const limits = { baseMs: 500, maxMs: 15_000 };

  it('backs off exponentially up to the maximum', () => {
    const top = (attempt: number) => reconnectDelayMs(attempt, limits, () => 1);
    expect(top(1)).toBe(500);
    expect(top(2)).toBe(1000);
    expect(top(3)).toBe(2000);
    expect(top(10)).toBe(15_000);
    expect(top(1000)).toBe(15_000);
  });

  it('adds jitter: between half and all of the exponential delay', () => {
    expect(reconnectDelayMs(3, limits, () => 0)).toBe(1000);
    expect(reconnectDelayMs(3, limits, () => 0.5)).toBe(1500);
    const samples = Array.from({ length: 50 }, () => reconnectDelayMs(4, limits));
    for (const delay of samples) {
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
    expect(new Set(samples).size).toBeGreaterThan(1);
  });
});
