/**
 * Words as a word processor counts them: runs of non-space characters
 * (PRODUCT §2). The editor, the checks and the export all call this.
 */
export function countWords(text: string): number {
  const matches = text.match(/\S+/gu);
  return matches ? matches.length : 0;
}
