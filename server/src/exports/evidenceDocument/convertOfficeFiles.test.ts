import { describe, expect, it } from 'vitest';
import { withRunSlot } from './convertOfficeFiles.ts';

describe('LibreOffice run slots', () => {
  it('runs at most two at once, the rest in the order they asked, and frees a slot when a run fails', async () => {
    let active = 0;
    let most = 0;
    const order: number[] = [];
    const task = (n: number, fail = false) =>
      withRunSlot(async () => {
        active++;
        most = Math.max(most, active);
        order.push(n);
        await new Promise((resolve) => setTimeout(resolve, 20));
        active--;
        if (fail) throw new Error(`run ${n} failed`);
        return n;
      });
    const results = await Promise.allSettled([task(1), task(2, true), task(3), task(4), task(5)]);
    expect(most).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await task(6)).toBe(6);
  });
});
