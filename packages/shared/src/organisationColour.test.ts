import { describe, expect, it } from 'vitest';
import { contrastRatio, ORGANISATION_PALETTE, organisationColourOf } from './organisationColour.ts';

describe('organisationColourOf', () => {
  it('C-AW-3: every colour has at least 4.5:1 contrast on white (3:1 is the floor for the caret)', () => {
    for (const colour of ORGANISATION_PALETTE) {
      expect(contrastRatio(colour, '#ffffff'), colour).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21);
  });

  it('C-AW-3: is deterministic per organisation and spreads organisations over the palette', () => {
    expect(organisationColourOf('abc123')).toBe(organisationColourOf('abc123'));
    const used = new Set(Array.from({ length: 200 }, (_, i) => organisationColourOf(`org${i}`)));
    expect(used.size).toBe(ORGANISATION_PALETTE.length);
    for (const colour of used) expect(ORGANISATION_PALETTE).toContain(colour);
  });
});
