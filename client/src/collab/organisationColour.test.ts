import { contrastRatio, ORGANISATION_PALETTE, organisationColourOf } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import { accessibleColour, fallbackOrganisationColour } from './organisationColour.ts';

describe('organisation colours', () => {
  it('I11-15: our own colour is the shared one the server stamps for our organisation', () => {
    for (const organisationId of ['k3j4h5g6f7d8s9a0', 'org-1', 'a', 'zzzzzzzzzzzzzzzz']) {
      expect(fallbackOrganisationColour(organisationId)).toBe(organisationColourOf(organisationId));
      // What the server stamps is rendered unchanged: every shared colour is already readable.
      expect(accessibleColour(organisationColourOf(organisationId))).toBe(organisationColourOf(organisationId));
    }
  });

  it('darkens a colour that is too light, keeps one that is fine', () => {
    for (const colour of ORGANISATION_PALETTE) expect(accessibleColour(colour)).toBe(colour);
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
