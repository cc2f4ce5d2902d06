import { z } from 'zod';
import { commentBody } from './apiSchemas.ts';
import { safeMultiLine } from './safeText.ts';

/**
 * Comments anchored to text (issue 14 item 2). A thread may point at the
 * words it is about: two Yjs relative positions into the section's
 * `Y.XmlFragment` (`Y.encodeRelativePosition`, base64), which follow the text
 * through everyone's edits, and the words as they were quoted when the
 * comment was written. The server checks both positions lie in that section
 * of the entry's document; it never rewrites them. A position whose text was
 * deleted later still reads back as stored; the page shows "text removed".
 */

/**
 * Longest base64 of one encoded relative position. An encoded position is a few
 * varints (client id, clock, association) or the root type's name
 * (`section:<id>`, at most ~80 characters): 200 leaves room and bounds the work.
 */
export const ANCHOR_POSITION_MAX_CHARS = 200;
/** Longest quoted text kept with an anchor; the page cuts a longer selection and ends it with "…". */
export const ANCHOR_QUOTE_MAX_CHARS = 500;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const anchorPosition = z
  .string()
  .min(4, 'Select the text to comment on again')
  .max(ANCHOR_POSITION_MAX_CHARS, 'Select the text to comment on again')
  .regex(BASE64, 'Select the text to comment on again');

export const commentAnchor = z.strictObject({
  start: anchorPosition,
  end: anchorPosition,
  quote: safeMultiLine()
    .min(1, 'Select some text to comment on')
    .max(ANCHOR_QUOTE_MAX_CHARS, `The quoted text must be at most ${ANCHOR_QUOTE_MAX_CHARS} characters`),
});
export type CommentAnchorBody = z.input<typeof commentAnchor>;

/** POST …/sections/:sectionId/comments: a comment, optionally anchored to text (replies take `commentBody`). */
export const newThreadBody = commentBody.extend({ anchor: commentAnchor.optional() });
export type NewThreadBody = z.input<typeof newThreadBody>;

/** A thread's anchor as stored and returned: the two positions and the quote, exactly as sent. */
export type CommentAnchorDto = { start: string; end: string; quote: string };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of bytes, as anchors carry relative positions (written out: neither Buffer nor btoa is everywhere this runs). */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63]! : '=';
  }
  return out;
}

/** The bytes of padded base64 text, or null when it is not exactly that (no whitespace, no stray padding). */
export function base64ToBytes(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let at = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j += 1) {
      const char = text[i + j]!;
      n = (n << 6) | (char === '=' ? 0 : ALPHABET.indexOf(char));
    }
    for (const shift of [16, 8, 0]) {
      if (at < bytes.length) bytes[at++] = (n >> shift) & 255;
    }
  }
  return bytes;
}
