/**
 * Caret and presence colours, one per organisation. Every colour has at least
 * 4.5:1 contrast on white (WCAG 1.4.3 for text; 3:1 is the floor for the caret
 * itself under 1.4.11), so a caret label stays legible on the editor's page.
 * Drawn from the NHS identity palette where it is dark enough.
 */
export const PRESENCE_PALETTE = [
  '#005EB8', // NHS blue
  '#AE2573', // NHS pink
  '#007F3B', // NHS green
  '#8A1538', // dark red
  '#6B3FA0', // purple
  '#B35900', // burnt orange
  '#00778A', // teal
  '#425563', // NHS dark grey
  '#D5281B', // NHS emergency red
  '#330072', // NHS dark purple
] as const;

/** FNV-1a over UTF-16 code units: stable across processes and releases. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The colour of an organisation: the same on every server and in every session. */
export function presenceColorOf(organisationId: string): string {
  return PRESENCE_PALETTE[fnv1a(organisationId) % PRESENCE_PALETTE.length] as string;
}

/** WCAG relative luminance of `#RRGGBB`. */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of `#RRGGBB` against white. */
export function contrastOnWhite(hex: string): number {
  return 1.05 / (relativeLuminance(hex) + 0.05);
}
