import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * The fonts every PDF export embeds (issue 18 item 5), from npm packages so
 * the deployed server needs no system font:
 *
 * - Noto Sans (regular, bold, italic, bold italic) for Latin with its
 *   extensions and Vietnamese, Greek and Cyrillic;
 * - IBM Plex Sans Arabic (regular, bold) for the Arabic script (Arabic,
 *   Persian, Urdu). Its shaped letters are each a glyph of their own, so a
 *   PDF's text map can say which letter each glyph is (Noto Sans Arabic draws
 *   a dotted letter as a dotless base and a dot mark shared by many letters,
 *   and the copied or extracted text comes out wrong).
 *
 * Both are under the SIL Open Font License 1.1 (packaged by Expo's
 * @expo-google-fonts). pdfkit embeds only the glyphs a document uses.
 * Arabic has no italic: italic runs in Arabic are set upright.
 */

const require = createRequire(import.meta.url);

const FILES = {
  Sans: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'Sans-Bold': '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  'Sans-Italic': '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  'Sans-BoldItalic': '@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf',
  Arabic: '@expo-google-fonts/ibm-plex-sans-arabic/400Regular/IBMPlexSansArabic_400Regular.ttf',
  'Arabic-Bold': '@expo-google-fonts/ibm-plex-sans-arabic/700Bold/IBMPlexSansArabic_700Bold.ttf',
} as const;

export type FontName = keyof typeof FILES;
export type FontStyle = { bold: boolean; italic: boolean };
/** Which of the two families sets a character. */
export type Family = 'sans' | 'arabic';

const bytesCache = new Map<FontName, Buffer>();

/** A font file's bytes, read once per process. */
export function fontBytes(name: FontName): Buffer {
  let bytes = bytesCache.get(name);
  if (!bytes) {
    bytes = readFileSync(require.resolve(FILES[name]));
    bytesCache.set(name, bytes);
  }
  return bytes;
}

const parsed = new Map<FontName, fontkit.Font>();

/**
 * A font parsed once per process: parsing a font's tables costs far more
 * than the page it is used on, and pdfkit takes a parsed font as it takes
 * its bytes (each document still embeds its own subset).
 */
function parsedFont(name: FontName): fontkit.Font {
  let font = parsed.get(name);
  if (!font) {
    font = fontkit.create(fontBytes(name));
    dependableGlyphs(font, name.startsWith('Arabic'));
    parsed.set(name, font);
  }
  return font;
}

/**
 * What text each glyph stands for, as pdfkit writes it into a PDF's text
 * map (ToUnicode), from the characters fontkit gives each glyph. fontkit
 * keeps one glyph object per glyph for the life of the font, with the
 * characters it was first reached from, and gives none at all to a glyph a
 * letter was broken into (Noto Sans draws ị as i and a dot below). So the
 * font's getGlyph is wrapped, once, when it is parsed:
 *
 * - a glyph the font maps a character to stands for that character (the
 *   dot below reads back as U+0323, so ị as i + U+0323, the same text) in
 *   the left-to-right faces; in the Arabic faces, whose joined forms are
 *   mapped to presentation forms, only when the shaper gave it nothing;
 * - any other glyph stands for the characters the shaper gave it this time;
 * - in the Arabic faces, a glyph for several letters (lam-alef and other
 *   pairs) gives them in drawing order, right to left: text is read from a
 *   PDF in the order it is drawn and turned back into reading order as a
 *   whole, so they would otherwise come back swapped ("ال" for "لا").
 */
function dependableGlyphs(font: fontkit.Font, rightToLeft: boolean): void {
  const own = new Map<number, number>();
  for (const code of font.characterSet) {
    const id = font.glyphForCodePoint(code).id;
    if (!own.has(id)) own.set(id, code);
  }
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id: number, codePoints: number[] = []) => {
    const glyph = getGlyph(id, codePoints);
    const mapped = own.get(id);
    let wanted = codePoints;
    if (mapped !== undefined && (!rightToLeft || codePoints.length === 0)) wanted = [mapped];
    else if (rightToLeft && codePoints.length > 1) wanted = [...codePoints].reverse();
    if (wanted.length === glyph.codePoints.length && wanted.every((code, index) => glyph.codePoints[index] === code)) {
      return glyph;
    }
    // The same glyph (outline, metrics) standing for other characters.
    return Object.create(glyph, { codePoints: { value: wanted, writable: true, enumerable: true } });
  };
}

/**
 * Parses every face and lays out a word in each, one face a turn of the
 * event loop: the first layout of a face reads its shaping tables (about a
 * tenth of a second for Noto Sans), which would otherwise all happen in the
 * one synchronous step of writing the first export. Quick once done.
 *
 * Each export awaits it before writing; nothing runs it at start. At start
 * it held the event loop for over half a second just when, after a restart,
 * every open tab reconnects and loads its entry (the cold first sync waited
 * for it: issue 16), so the process's first export pays it instead.
 */
export async function warmFonts(): Promise<void> {
  for (const name of Object.keys(FILES) as FontName[]) {
    if (parsed.has(name)) continue;
    parsedFont(name).layout(name.startsWith('Arabic') ? '\u0639\u0627\u0626\u0634\u0629' : 'Jointly');
    covered();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** pdfkit's cache of laid-out words, one per face for every document (see registerFonts). */
const layouts = new Map<FontName, Record<string, unknown>>();
const MAX_LAYOUTS = 20_000;

/**
 * Makes the fonts known to a pdfkit document by their names here. pdfkit
 * keeps the words it has shaped in a cache per font per document; as the
 * shaped words depend only on the parsed font, which every document shares,
 * each document is given the one cache of its face (bounded: started afresh
 * past a size), so a word is shaped once, not once per document.
 */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const name of Object.keys(FILES) as FontName[]) {
    doc.registerFont(name, parsedFont(name) as unknown as Buffer);
    doc.font(name);
    const font = (doc as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font;
    if (!font?.layoutCache) continue;
    let shared = layouts.get(name);
    if (!shared || Object.keys(shared).length > MAX_LAYOUTS) {
      shared = Object.create(null) as Record<string, unknown>;
      layouts.set(name, shared);
    }
    font.layoutCache = shared;
  }
}

export function fontName(family: Family, style: FontStyle): FontName {
  if (family === 'arabic') return style.bold ? 'Arabic-Bold' : 'Arabic';
  if (style.bold && style.italic) return 'Sans-BoldItalic';
  if (style.bold) return 'Sans-Bold';
  if (style.italic) return 'Sans-Italic';
  return 'Sans';
}

let coverage: { sans: Set<number>; arabic: Set<number> } | null = null;

/** The code points each family's regular face maps (its bold and italic faces cover the same scripts). */
function covered(): { sans: Set<number>; arabic: Set<number> } {
  if (!coverage) {
    const set = (name: FontName) => new Set(parsedFont(name).characterSet);
    coverage = { sans: set('Sans'), arabic: set('Arabic') };
  }
  return coverage;
}

const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
/** Characters with no script of their own (spaces, digits, punctuation) or that take their base's (marks). */
export const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * The family that sets `char`: Arabic-script letters in the Arabic face,
 * everything else in Noto Sans where it has it, else in the Arabic face
 * where that has it; null when neither does.
 */
export function familyOf(char: string): Family | null {
  const code = char.codePointAt(0)!;
  const { sans, arabic } = covered();
  if (ARABIC_SCRIPT.test(char) && arabic.has(code)) return 'arabic';
  if (sans.has(code)) return 'sans';
  if (arabic.has(code)) return 'arabic';
  return null;
}

/** Whether `family` has a glyph for `char` (for neutral characters, which keep their neighbours' font). */
export function familyHas(family: Family, char: string): boolean {
  return covered()[family].has(char.codePointAt(0)!);
}

/** Explicit direction marks, embeddings, overrides and isolates (UAX #9). */
export const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * `text` as a directional isolate (first strong letter decides), for a
 * name put into a sentence of ours: "عائشة — 50 / 400 words" keeps its
 * figures after the name, as the sentence is written, rather than reading
 * them into the Arabic.
 */
export const isolate = (text: string) => `\u2068${text}\u2069`;

/** Spaces of other widths, and characters with a plain stand-in, where the fonts have no glyph. */
const STAND_INS: Record<string, string> = { '\u2713': '\u2714', '\ufffd': '?' };

/**
 * `text` in characters the embedded fonts can show: tabs become spaces,
 * other control characters go, and a character neither font has is shown as
 * its letter without accents where Unicode gives one, else as "?" (Chinese,
 * Japanese, Korean, Hebrew, Indic scripts and emoji are not embedded: the
 * DOCX export keeps every character).
 */
export function printable(text: string): string {
  let out = '';
  for (const char of text.replace(/\t/g, ' ')) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
    if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(char)) continue;
    if (char === '\n' || familyOf(char) !== null) {
      out += char;
      continue;
    }
    // Direction marks and isolates are kept for the bidi algorithm (lineLayout.ts drops them before drawing);
    // other invisible formatting has no glyph and needs none.
    if (BIDI_CONTROLS.test(char)) {
      out += char;
      continue;
    }
    if (/\p{Cf}/u.test(char)) continue;
    const standIn = STAND_INS[char];
    if (standIn !== undefined && familyOf(standIn) !== null) {
      out += standIn;
      continue;
    }
    const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
    out += base !== '' && [...base].every((c) => familyOf(c) !== null) ? base : '?';
  }
  return out;
}
