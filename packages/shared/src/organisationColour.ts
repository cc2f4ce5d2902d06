/**
 * The colour of an organisation's carets, selections and presence badges, defined once for the
 * server (which stamps it into each person's awareness `user.color`) and the client (which draws
 * its own badge and caret before the server's stamp arrives): one palette and one hash, so your own
 * colour is the colour everyone else sees you in (issue 11 item 15).
 *
 * Every colour has at least 4.5:1 contrast on white, so white caret-label text on it is readable
 * (WCAG 1.4.3) and the caret line stands out from the page (3:1 under 1.4.11). Drawn from the NHS
 * identity palette where it is dark enough. Lower-case `#rrggbb`, the form the client renders.
 */
export const ORGANISATION_PALETTE = [
  '#005eb8', // NHS blue
  '#ae2573', // NHS pink
  '#007f3b', // NHS green
  '#8a1538', // dark red
  '#6b3fa0', // purple
  '#b35900', // burnt orange
  '#00778a', // teal
  '#425563', // NHS dark grey
  '#d5281b', // NHS emergency red
  '#330072', // NHS dark purple
] as const;

/** FNV-1a over UTF-16 code units: stable across processes, browsers and releases. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The colour of an organisation: the same on every server, in every browser and session. */
export function organisationColourOf(organisationId: string): string {
  return ORGANISATION_PALETTE[fnv1a(organisationId) % ORGANISATION_PALETTE.length] as string;
}

/** WCAG relative luminance of `#rrggbb`. */
function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two `#rrggbb` colours. */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
