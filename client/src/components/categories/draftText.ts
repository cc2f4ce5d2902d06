/*
 * Text as typed in the category form, turned into a template's values. Numbers
 * that are not whole numbers stay text, so the server's schema names the
 * problem by its path rather than the form guessing.
 */

/** The non-empty lines, trimmed. */
export const linesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** A number as typed: a whole number when it is one, else the text itself; undefined when empty. */
export function numberOf(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** An id made from a title: lower-case words joined by hyphens, at most 40 characters. */
export function slugOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}
