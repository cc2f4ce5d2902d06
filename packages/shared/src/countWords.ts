/**
 * Words as a word processor counts them: runs of non-space characters
 * (PRODUCT §2). The editor, the checks and the export all call this.
 */
export function countWords(text: string): number {
  const matches = text.match(/\S+/gu);
  return matches ? matches.length : 0;
}

/**
 * The word count a word processor (Microsoft Word, LibreOffice Writer) gives
 * for plain text pasted into it, as an award portal's own counter does: runs
 * of characters between whitespace (issue 17 item 5, "copy for the portal").
 *
 * How it differs from `countWords` (our count in the editor, the checks and
 * the export, PRODUCT §2):
 *
 * - No-break spaces (U+00A0, the figure space U+2007 and the narrow no-break
 *   space U+202F) join words here, as Word counts "Dr Smith" typed with a
 *   no-break space as one word; `countWords` splits at every Unicode space.
 * - It counts the text as copied, so the list markers the copy adds ("- ",
 *   "1. ") are words here, as they are in Word once pasted as plain text;
 *   our count reads the list's text without markers.
 * - The byte-order mark U+FEFF, which JavaScript's `\s` (so `countWords`)
 *   takes for a space, is no space here; the zero-width space U+200B is none
 *   for either.
 */
const WORD_PROCESSOR_WORD = /[^\t\n\v\f\r \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+/gu;

export function countWordsAsWordProcessor(text: string): number {
  const matches = text.match(WORD_PROCESSOR_WORD);
  return matches ? matches.length : 0;
}
