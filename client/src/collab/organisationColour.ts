/**
 * Organisation colours for carets, selections and presence badges. The server
 * stamps each person's awareness `user.color`; we render what it holds, but a
 * colour must stay readable: white caret labels need 4.5:1 against it (WCAG
 * 1.4.3) and the caret line 3:1 against the white page (1.4.11). A colour
 * that is too light is darkened until it passes, keeping its hue.
 */

/**
 * Fallback palette (before the server stamps a colour, and for our own badge),
 * from the NHS identity colours; every one has at least 4.5:1 against white.
 */
export const ORGANISATION_PALETTE = [
  '#005eb8', // NHS blue
  '#007f3b', // NHS green
  '#7c2855', // NHS plum
  '#330072', // NHS purple
  '#8a1538', // dark red
  '#00626a', // dark teal
  '#425563', // NHS mid grey
  '#7a4100', // dark amber
] as const;

const HEX = /^#[0-9a-f]{6}$/i;

function channels(hex: string): [number, number, number] {
  return [
    Number.parseInt(hex.slice(1, 3), 16),
    Number.parseInt(hex.slice(3, 5), 16),
    Number.parseInt(hex.slice(5, 7), 16),
  ];
}

function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** A stable palette colour for an organisation id (used when the server has not sent one). */
export function fallbackOrganisationColour(organisationId: string): string {
  let hash = 0;
  for (let i = 0; i < organisationId.length; i++) {
    hash = (hash * 31 + organisationId.charCodeAt(i)) >>> 0;
  }
  return ORGANISATION_PALETTE[hash % ORGANISATION_PALETTE.length] ?? ORGANISATION_PALETTE[0];
}

const MIN_CONTRAST_WITH_WHITE = 4.5;

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
