/** The little of fontkit (a dependency without type declarations) that the exports use. */
declare module 'fontkit' {
  export type Glyph = { id: number; codePoints: number[] };
  export type Font = {
    characterSet: number[];
    postscriptName: string;
    glyphForCodePoint(code: number): Glyph;
    getGlyph(id: number, codePoints?: number[]): Glyph;
    layout(text: string, features?: unknown): { glyphs: Glyph[] };
  };
  export function create(buffer: Uint8Array): Font;
}
