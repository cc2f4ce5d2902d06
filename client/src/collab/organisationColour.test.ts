import { describe, expect, it } from 'vitest';
import {
  accessibleColour,
  contrastRatio,
  fallbackOrganisationColour,
  ORGANISATION_PALETTE,
} from './organisationColour.ts';

describe('organisation colours', () => {
  it('has a palette readable under white text and against the white page', () => {
    for (const colour of ORGANISATION_PALETTE) {
      expect(contrastRatio(colour, '#ffffff'), colour).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('gives an organisation the same colour every time', () => {
    expect(fallbackOrganisationColour('org-1')).toBe(fallbackOrganisationColour('org-1'));
    expect(ORGANISATION_PALETTE).toContain(fallbackOrganisationColour('anything'));
  });

  it('darkens a colour that is too light, keeps one that is fine', () => {
    expect(accessibleColour('#005eb8')).toBe('#005eb8');
    for (const light of ['#ffeb3b', '#ffffff', '#41b6e6', '#78be20']) {
      const safe = accessibleColour(light);
      expect(contrastRatio(safe, '#ffffff'), `${light} → ${safe}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('uses the fallback for anything that is not #rrggbb', () => {
    expect(accessibleColour('red', '#330072')).toBe('#330072');
    expect(accessibleColour('url(javascript:1)', '#330072')).toBe('#330072');
    expect(accessibleColour(undefined, '#330072')).toBe('#330072');
  });
});
