import { bytesToBase64 } from '@jointly/shared';
import * as Y from 'yjs';

/** A Yjs relative position as a page sends it (comment anchors, suggested changes): encoded, in base64. */
export const encodePosition = (position: Y.RelativePosition) => bytesToBase64(Y.encodeRelativePosition(position));

/** The text of a section's paragraph, the first unless `block` says which. */
export const paragraphTextOf = (doc: Y.Doc, sectionId: string, block = 0) =>
  (doc.getXmlFragment(`section:${sectionId}`).get(block) as Y.XmlElement).get(0) as Y.XmlText;

/** A paragraph's characters, marked or not (toString would add the marks as tags). */
export const plainTextOf = (text: Y.XmlText) =>
  (text.toDelta() as { insert: string }[]).map((op) => op.insert).join('');

/**
 * The positions a page sends around the first occurrence of `words` in a section's paragraph:
 * before its first character, and after its last one, kept with the words (associated leftwards)
 * so that text typed just after them stays outside.
 */
export function positionsAround(doc: Y.Doc, sectionId: string, words: string, block = 0) {
  const text = paragraphTextOf(doc, sectionId, block);
  const at = plainTextOf(text).indexOf(words);
  if (at < 0) throw new Error(`no "${words}" in paragraph ${block} of ${sectionId}`);
  return {
    start: encodePosition(Y.createRelativePositionFromTypeIndex(text, at)),
    end: encodePosition(Y.createRelativePositionFromTypeIndex(text, at + words.length, -1)),
  };
}
