import { describe, expect, it } from 'vitest';
import { contrastOnWhite, PRESENCE_PALETTE, presenceColorOf } from './presenceColor.ts';

describe('presenceColorOf', () => {
  it('C-AW-3: every colour has at least 3:1 contrast on white (4.5:1 in fact)', () => {
    for (const color of PRESENCE_PALETTE) expect(contrastOnWhite(color)).toBeGreaterThanOrEqual(4.5);
    expect(contrastOnWhite('#ffffff')).toBeCloseTo(1);
    expect(contrastOnWhite('#000000')).toBeCloseTo(21);
  });

  it('C-AW-3: is deterministic per organisation and spreads organisations over the palette', () => {
    expect(presenceColorOf('abc123')).toBe(presenceColorOf('abc123'));
    const used = new Set(Array.from({ length: 200 }, (_, i) => presenceColorOf(`org${i}`)));
    expect(used.size).toBe(PRESENCE_PALETTE.length);
    for (const color of used) expect(PRESENCE_PALETTE).toContain(color);
  });
});
