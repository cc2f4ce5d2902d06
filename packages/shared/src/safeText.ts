import { z } from 'zod';

/**
 * Characters refused in free text at the API's boundary (issue #10 findings 10 and 16).
 *
 * - C0 and C1 control characters and DEL: NUL makes PostgreSQL refuse the whole statement
 *   (a 500 where SQLite stored it), and the others have no business in a name or a comment;
 *   CR and LF in a single-line field become header or log injection wherever it is echoed.
 * - Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make a name,
 *   title or comment display in an order other than its characters' ("Trojan Source"), so a
 *   reader sees something other than what was stored. Plain directional marks (LRM, RLM) are
 *   kept: right-to-left names need them and they reorder nothing around them.
 * - Unpaired surrogates: not Unicode text; encoding them would silently store U+FFFD instead.
 *
 * Multi-line text (comment bodies) keeps tab, line feed and CR LF line ends.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\p{Cs}]/u;
const UNSAFE_MULTI_LINE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\p{Cs}]|\r(?!\n)/u;

/** Whether `text` may be stored as a single-line field: a name, an organisation, a title, an e-mail address. */
export function isSafeSingleLine(text: string): boolean {
  return !UNSAFE_SINGLE_LINE.test(text);
}

/** Whether `text` may be stored as multi-line plain text (a comment): single-line rules, but tab and line ends allowed. */
export function isSafeMultiLine(text: string): boolean {
  return !UNSAFE_MULTI_LINE.test(text);
}

export const UNSAFE_SINGLE_LINE_MESSAGE =
  'Remove line breaks, control characters and text-direction override characters';
export const UNSAFE_MULTI_LINE_MESSAGE = 'Remove control characters and text-direction override characters';

/**
 * The zod bases every free-text field of the API starts from, so the rule is stated once:
 * the check runs on the text as sent, before any trimming.
 */
export const safeSingleLine = () => z.string().refine(isSafeSingleLine, UNSAFE_SINGLE_LINE_MESSAGE);
export const safeMultiLine = () => z.string().refine(isSafeMultiLine, UNSAFE_MULTI_LINE_MESSAGE);
