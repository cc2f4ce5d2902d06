import bidiFactory from 'bidi-js';
import { NEUTRAL } from './fonts.ts';

/**
 * Right-to-left text in the PDF exports, with the Unicode Bidirectional
 * Algorithm (UAX #9, by bidi-js): each paragraph's embedding levels, and the
 * order in which a line's runs are set from left to right.
 *
 * pdfkit sets text left to right as given, but its shaper (fontkit) lays out
 * a run whose first letter is in a right-to-left script (Arabic here) from
 * right to left by itself, after joining its letters in their logical order.
 * So the runs of a line are put in visual order here, and a run's own
 * characters are reversed only when fontkit would not do what its level
 * asks (a right-to-left run of digits or punctuation alone, or
 * Arabic-Indic digits in a left-to-right run).
 */

const bidi = bidiFactory();

export type ParagraphLevels = {
  /** The embedding level of each UTF-16 unit: even is left to right, odd right to left. */
  levels: Uint8Array;
  /** The base level at each unit (paragraphs end at line separators): 1 where the paragraph is right to left. */
  baseLevelAt(index: number): number;
};

/**
 * Characters that can make a level odd: right-to-left letters and digits
 * (Hebrew, Arabic, Syriac, Thaana, N'Ko … and their presentation forms) and
 * the right-to-left marks, embeddings, overrides and isolates. Text with none
 * (most of what the exports print) is left to right throughout, at level 0.
 */
const MAY_BE_RIGHT_TO_LEFT =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f\u202b\u202e\u2067\u2068\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/** The levels of `text`, each paragraph's base direction from its first strong letter (left to right when none). */
export function paragraphLevels(text: string): ParagraphLevels {
  if (!MAY_BE_RIGHT_TO_LEFT.test(text)) return { levels: new Uint8Array(text.length), baseLevelAt: () => 0 };
  const result = bidi.getEmbeddingLevels(text, 'auto');
  return {
    levels: result.levels,
    baseLevelAt(index) {
      for (const paragraph of result.paragraphs) {
        if (index >= paragraph.start && index <= paragraph.end) return paragraph.level;
      }
      return 0;
    },
  };
}

/** Rule L2: the visual order (indices into `levels`) of runs of one level each, given in logical order. */
export function visualOrder(levels: readonly number[]): number[] {
  const order = levels.map((_, index) => index);
  if (levels.length === 0) return order;
  const highest = Math.max(...levels);
  const lowestOdd = Math.min(...levels.map((level) => (level % 2 === 1 ? level : Number.POSITIVE_INFINITY)));
  for (let level = highest; level >= lowestOdd; level--) {
    let index = 0;
    while (index < order.length) {
      if (levels[order[index]!]! < level) {
        index++;
        continue;
      }
      let end = index;
      while (end < order.length && levels[order[end]!]! >= level) end++;
      const reversed = order.slice(index, end).reverse();
      order.splice(index, end - index, ...reversed);
      index = end;
    }
  }
  return order;
}

const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/** Whether fontkit lays `text` out right to left: its first character with a script of its own is in a right-to-left one. */
export function shaperReverses(text: string): boolean {
  for (const char of text) {
    if (NEUTRAL.test(char)) continue;
    return RTL_SCRIPT.test(char);
  }
  return false;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `text` with its user-perceived characters in reverse order (marks stay on their letters). */
export function reverseText(text: string): string {
  return [...graphemes.segment(text)]
    .map((part) => part.segment)
    .reverse()
    .join('');
}

/**
 * A run of one level as pdfkit must be given it: brackets mirrored at a
 * right-to-left level (rule L4), and reversed when the shaper would not
 * otherwise set it in the direction its level asks.
 */
export function runForShaper(text: string, level: number): string {
  const rtl = level % 2 === 1;
  let mirrored = text;
  if (rtl) {
    mirrored = '';
    for (const char of text) mirrored += bidi.getMirroredCharacter(char) ?? char;
  }
  return rtl === shaperReverses(mirrored) ? mirrored : reverseText(mirrored);
}

/** Whether `text` has a right-to-left letter. */
export const hasRightToLeft = (text: string) =>
  MAY_BE_RIGHT_TO_LEFT.test(text) &&
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u.test(text);

/** Whether a paragraph of `text` is right to left: its first strong letter is (UAX #9 rules P2 and P3). */
export function startsRightToLeft(text: string): boolean {
  return MAY_BE_RIGHT_TO_LEFT.test(text) && paragraphLevels(text).baseLevelAt(0) === 1;
}
