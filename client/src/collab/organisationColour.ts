import { contrastRatio, ORGANISATION_PALETTE, organisationColourOf } from '@jointly/shared';

/**
 * Organisation colours for carets, selections and presence badges. The palette and the hash are
 * the shared ones (`organisationColourOf` in @jointly/shared), which the server also stamps into
 * each person's awareness `user.color`: our own caret and badge are the colour others see us in
 * (issue 11 item 15). We render what the awareness state holds, but a colour must stay readable:
 * white caret labels need 4.5:1 against it (WCAG 1.4.3) and the caret line 3:1 against the white
 * page (1.4.11). A colour that is too light is darkened until it passes, keeping its hue.
 */

/** The organisation's colour, used before the server has stamped one (and for our own badge). */
export function fallbackOrganisationColour(organisationId: string): string {
  return organisationColourOf(organisationId);
}

const HEX = /^#[0-9a-f]{6}$/i;
const MIN_CONTRAST_WITH_WHITE = 4.5;

function channels(hex: string): [number, number, number] {
  return [
    Number.parseInt(hex.slice(1, 3), 16),
    Number.parseInt(hex.slice(3, 5), 16),
    Number.parseInt(hex.slice(5, 7), 16),
  ];
}

/**
 * A colour safe to draw carets and white label text with: the given colour if
 * it already has 4.5:1 against white, else the same hue darkened until it does.
 * Anything that is not #rrggbb gets the fallback.
 */
export function accessibleColour(color: unknown, fallback: string = ORGANISATION_PALETTE[0]): string {
  if (typeof color !== 'string' || !HEX.test(color)) return fallback;
  let [r, g, b] = channels(color);
  let candidate = color.toLowerCase();
  for (let step = 0; step < 40 && contrastRatio(candidate, '#ffffff') < MIN_CONTRAST_WITH_WHITE; step++) {
    r = Math.floor(r * 0.9);
    g = Math.floor(g * 0.9);
    b = Math.floor(b * 0.9);
    candidate = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  }
  return candidate;
}
