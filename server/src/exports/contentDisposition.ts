/**
 * `Content-Disposition: attachment` with a filename made from an entry title
 * (RFC 6266): a plain ASCII `filename` for old clients and the exact UTF-8
 * name in `filename*` (RFC 8187). The title is the user's: control characters
 * (CR, LF), quotes, backslashes, slashes and other characters that mean
 * something in a path or a header never reach either.
 */

const MAX_NAME_LENGTH = 120;

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f"*/:<>?\\|\u2028\u2029]+/g;

/** A file name safe on every common file system, from `title` and `suffix` (e.g. "criteria answers.pdf"). */
export function exportFilename(title: string, suffix: string): string {
  const cleaned = title
    .normalize('NFC')
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    // No leading dots (hidden or relative names), no trailing dots or spaces (Windows).
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const stem = [...cleaned].slice(0, MAX_NAME_LENGTH).join('').trim() || 'Jointly entry';
  return `${stem} - ${suffix}`;
}

/** The ASCII fallback: anything outside printable ASCII, and % (some clients decode it), becomes "_". */
function asciiFallback(filename: string): string {
  return filename.replace(/[^\x20-\x7e]|[%"\\]/g, '_');
}

/** RFC 8187 value-chars: attr-char unreserved, everything else percent-encoded UTF-8. */
function encodeExtValue(filename: string): string {
  return encodeURIComponent(filename).replace(
    /['()*!]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function contentDisposition(filename: string): string {
  return `attachment; filename="${asciiFallback(filename)}"; filename*=UTF-8''${encodeExtValue(filename)}`;
}
