import { paragraphLevels, runForShaper, shaperReverses, visualOrder } from './bidi.ts';
import {
  BIDI_CONTROLS,
  type Family,
  type FontName,
  type FontStyle,
  familyHas,
  familyOf,
  fontName,
  NEUTRAL,
  printable,
} from './fonts.ts';

const ALL_BIDI_CONTROLS = new RegExp(BIDI_CONTROLS.source, 'g');

/**
 * A paragraph of styled text broken into lines for pdfkit, each line's
 * pieces in the order they are set from left to right. pdfkit's own line
 * breaking knows one font per call and no right-to-left text, so the
 * exports do it here: each character goes to the font that has it (Noto Sans
 * or the Arabic face, fonts.ts), lines break at spaces (or anywhere in a word
 * longer than the line), and each line is put in visual order by the
 * Unicode bidi algorithm (bidi.ts).
 */

export type Span = {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** A web or mail address the text opens (already checked by safeText.ts). */
  link?: string | null;
  /** A named destination in the document the text goes to (a contents entry). */
  goTo?: string;
  colour?: string;
};

/** Part of a line in one font, one level and one span, ready for pdfkit. */
export type Piece = {
  /** What pdfkit is given (mirrored or reversed as bidi.ts says). */
  text: string;
  /** The text in logical order, as read. */
  logical: string;
  font: FontName;
  /** Lay the piece out as one run (a right-to-left run must be shaped whole, not word by word). */
  wholeRun: boolean;
  width: number;
  /** Index of the span the piece comes from. */
  span: number;
  /** Where the piece starts in the paragraph's text (for reading order). */
  start: number;
};

export type Line = {
  /** Left to right. */
  pieces: Piece[];
  width: number;
  /** The paragraph is right to left here: the line is set against the right edge. */
  rtl: boolean;
};

/** What lines are measured with: the document (its fonts registered) and the size. */
export type Measure = { doc: PDFKit.PDFDocument; size: number };

/**
 * Widths at 1 pt by font and text, for every document: shaping is most of
 * the cost of writing a PDF, and every document uses the same parsed fonts
 * (fonts.ts), so a word measured once is known everywhere. Bounded: cleared
 * when it grows past what a few large documents need.
 */
const widths = new Map<string, number>();
const MAX_WIDTHS = 50_000;

export function widthOf(measure: Measure, font: FontName, text: string, wholeRun: boolean): number {
  const key = `${font}|${wholeRun ? 1 : 0}|${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    measure.doc.font(font).fontSize(1);
    width = measure.doc.widthOfString(text, wholeRun ? { features: [] } : {});
    if (widths.size >= MAX_WIDTHS) widths.clear();
    widths.set(key, width);
  }
  return width * measure.size;
}

type Segment = { start: number; end: number; family: Family; level: number; span: number };

/**
 * Each UTF-16 unit's family. A neutral character (space, digit, punctuation)
 * keeps a neighbour's font when that font has it, a neighbour at its own
 * bidi level first: a space between two Arabic words stays in the Arabic run,
 * the dash after an Arabic name goes with the English that follows.
 */
function familiesOf(text: string, levels: Uint8Array): Family[] {
  const families: (Family | null)[] = new Array(text.length).fill(null);
  const chars: { index: number; char: string }[] = [];
  for (let index = 0; index < text.length; ) {
    const char = String.fromCodePoint(text.codePointAt(index)!);
    chars.push({ index, char });
    index += char.length;
  }
  const set = (index: number, char: string, family: Family) => {
    for (let unit = 0; unit < char.length; unit++) families[index + unit] = family;
  };
  for (const { index, char } of chars) if (!NEUTRAL.test(char)) set(index, char, familyOf(char) ?? 'sans');
  let previous: { family: Family; level: number } | null = null;
  chars.forEach(({ index, char }, position) => {
    if (!NEUTRAL.test(char)) {
      previous = { family: families[index]!, level: levels[index]! };
      return;
    }
    let next: { family: Family; level: number } | null = null;
    for (let after = position + 1; after < chars.length && next === null; after++) {
      const other = chars[after]!;
      if (!NEUTRAL.test(other.char)) next = { family: families[other.index]!, level: levels[other.index]! };
    }
    const level = levels[index]!;
    const neighbours = [previous, next].filter((item): item is { family: Family; level: number } => item !== null);
    const ordered = [...neighbours.filter((item) => item.level === level), ...neighbours];
    const family = ordered.find((item) => familyHas(item.family, char))?.family ?? familyOf(char) ?? ('sans' as Family);
    set(index, char, family);
  });
  return families.map((family) => family ?? 'sans');
}

/** Cleans the spans' text and splits it into segments of one span, one family and one level. */
function segmentsOf(spans: readonly Span[]): {
  text: string;
  segments: Segment[];
  levels: ReturnType<typeof paragraphLevels>;
} {
  const texts = spans.map((span) => printable(span.text));
  const text = texts.join('');
  const levels = paragraphLevels(text);
  const families = familiesOf(text, levels.levels);
  const segments: Segment[] = [];
  let offset = 0;
  texts.forEach((spanText, span) => {
    for (let index = offset; index < offset + spanText.length; index++) {
      const family = families[index]!;
      const level = levels.levels[index]!;
      const last = segments[segments.length - 1];
      if (last && last.span === span && last.family === family && last.level === level && last.end === index)
        last.end++;
      else segments.push({ start: index, end: index + 1, family, level, span });
    }
    offset += spanText.length;
  });
  return { text, segments, levels };
}

const SPACE = /\s/;

/** Break points: after each run of spaces, and at each newline (which is dropped). */
function wordsOf(text: string): { start: number; end: number; hard: boolean }[] {
  const words: { start: number; end: number; hard: boolean }[] = [];
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '\n') {
      words.push({ start, end: index, hard: true });
      start = index + 1;
    } else if (SPACE.test(text[index]!) && index + 1 < text.length && !SPACE.test(text[index + 1]!)) {
      words.push({ start, end: index + 1, hard: false });
      start = index + 1;
    }
  }
  words.push({ start, end: text.length, hard: false });
  return words;
}

/** Lays out `spans` in lines of at most `width` points. An empty paragraph is one empty line. */
export function layoutLines(measure: Measure, spans: readonly Span[], width: number): Line[] {
  const { text, segments, levels } = segmentsOf(spans);
  const styleOf = (segment: Segment): FontStyle => ({
    bold: spans[segment.span]?.bold ?? false,
    italic: spans[segment.span]?.italic ?? false,
  });
  const pieceOf = (segment: Segment, start: number, end: number): Piece | null => {
    // Direction controls did their work in the levels; they are not drawn.
    const logical = text.slice(start, end).replace(ALL_BIDI_CONTROLS, '');
    if (logical === '') return null;
    const shaped = runForShaper(logical, segment.level);
    const wholeRun = shaperReverses(shaped);
    const font = fontName(segment.family, styleOf(segment));
    return {
      text: shaped,
      logical,
      font,
      wholeRun,
      width: widthOf(measure, font, shaped, wholeRun),
      span: segment.span,
      start,
    };
  };
  /** The pieces of text[start, end), logical order, and their levels. */
  const piecesIn = (start: number, end: number) => {
    const pieces: { piece: Piece; level: number }[] = [];
    for (const segment of segments) {
      const from = Math.max(start, segment.start);
      const to = Math.min(end, segment.end);
      const piece = from < to ? pieceOf(segment, from, to) : null;
      if (piece) pieces.push({ piece, level: segment.level });
    }
    return pieces;
  };
  const widthIn = (start: number, end: number) => piecesIn(start, end).reduce((sum, { piece }) => sum + piece.width, 0);
  const trimEnd = (start: number, end: number) => {
    let to = end;
    while (to > start && SPACE.test(text[to - 1]!)) to--;
    return to;
  };

  const lines: Line[] = [];
  const pushLine = (start: number, end: number) => {
    const to = trimEnd(start, end);
    const pieces = piecesIn(start, to);
    const order = visualOrder(pieces.map(({ level }) => level));
    const visual = order.map((index) => pieces[index]!.piece);
    lines.push({
      pieces: visual,
      width: visual.reduce((sum, piece) => sum + piece.width, 0),
      rtl: levels.baseLevelAt(start) % 2 === 1,
    });
  };

  // Words are measured once each, and a line's width is taken as the sum of its words' (kerning across a space is nil).
  let lineStart = 0;
  let lineEnd = 0;
  let lineWidth = 0;
  for (const word of wordsOf(text)) {
    const trimmed = widthIn(word.start, trimEnd(word.start, word.end));
    if (lineEnd > lineStart && lineWidth + trimmed > width) {
      pushLine(lineStart, lineEnd);
      lineStart = word.start;
      lineWidth = 0;
    }
    // A word longer than a whole line is cut where it must be.
    while (widthIn(lineStart, trimEnd(lineStart, word.end)) > width) {
      const cut = longestFit(text, lineStart, word.end, width, widthIn);
      pushLine(lineStart, cut);
      lineStart = cut;
    }
    lineEnd = word.end;
    lineWidth += widthIn(Math.max(lineStart, word.start), word.end);
    if (word.hard) {
      pushLine(lineStart, lineEnd);
      lineStart = word.end + 1;
      lineEnd = lineStart;
      lineWidth = 0;
    }
  }
  if (lineEnd > lineStart || lines.length === 0) pushLine(lineStart, Math.max(lineStart, lineEnd));
  return lines;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The end of the longest start of text[start, end) that fits `width` (at least one character). */
function longestFit(
  text: string,
  start: number,
  end: number,
  width: number,
  widthIn: (start: number, end: number) => number,
): number {
  const bounds = [...graphemes.segment(text.slice(start, end))].map((part) => start + part.index + part.segment.length);
  let low = 0;
  let high = bounds.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (widthIn(start, bounds[middle]!) <= width) low = middle;
    else high = middle - 1;
  }
  return bounds[low]!;
}

/**
 * One line that must fit `width` (a footer, a table cell kept to one line):
 * the first line of the layout, cut with an ellipsis when the text runs on.
 */
export function fitOneLine(measure: Measure, spans: readonly Span[], width: number): Line {
  const lines = layoutLines(measure, spans, width);
  if (lines.length <= 1) return lines[0]!;
  const full = spans.map((span) => span.text).join('');
  const chars = [...graphemes.segment(printable(full))].map((part) => part.segment);
  let low = 0;
  let high = chars.length;
  const attempt = (count: number) =>
    layoutLines(measure, [{ ...spans[0], text: `${chars.slice(0, count).join('').trimEnd()}\u2026` }], width);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (attempt(middle).length === 1) low = middle;
    else high = middle - 1;
  }
  return attempt(low)[0]!;
}
