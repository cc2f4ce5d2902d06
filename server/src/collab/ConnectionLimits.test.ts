import { describe, expect, it } from 'vitest';
import { ConnectionLimits } from './ConnectionLimits.ts';

describe('ConnectionLimits', () => {
  it('C-AUTH-6: caps slots per key and forgets keys with none', () => {
    const limits = new ConnectionLimits(2);
    expect(limits.tryAcquire('a')).toBe(true);
    expect(limits.tryAcquire('a')).toBe(true);
    expect(limits.tryAcquire('a')).toBe(false);
    expect(limits.tryAcquire('b')).toBe(true);
    limits.release('a');
    expect(limits.tryAcquire('a')).toBe(true);
    limits.release('a');
    limits.release('a');
    limits.release('b');
    expect(limits.size).toBe(0);
    limits.release('never');
    expect(limits.size).toBe(0);
  });
});
