import { FILE_NAME_MAX_CHARS } from '@jointly/shared';

/**
 * The name an upload is shown under (RELIABILITY H55). Files are stored under a server-made id,
 * so the name is display-only; what could still mislead or break a page or a header goes: any
 * path before the last slash or backslash, control characters (CR, LF, NUL …), and the Unicode
 * direction controls that make `photo\u202Egpj.exe` read as `photoexe.jpg`. Cut to
 * FILE_NAME_MAX_CHARS characters; a name with nothing left is "file".
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** Bidirectional embeddings, overrides, isolates and marks, and the line and paragraph separators. */
const DIRECTION_AND_SEPARATORS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

export function cleanFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(CONTROL, '')
    .replace(DIRECTION_AND_SEPARATORS, '')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = [...cleaned].slice(0, FILE_NAME_MAX_CHARS).join('').trim();
  return cut === '' || cut === '.' || cut === '..' ? 'file' : cut;
}
