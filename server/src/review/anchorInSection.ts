import { base64ToBytes, bytesToBase64, sectionFragmentIn, sectionFragmentName } from '@jointly/shared';
import * as Y from 'yjs';

/**
 * Whether `encoded` (base64 of `Y.encodeRelativePosition`) is a position inside
 * the section `sectionId` of `doc`: it decodes, spells exactly what it decodes to
 * (no trailing bytes), and resolves to the section's fragment or a type nested
 * in it. A position into another section, the items, or an item the document
 * does not hold (never written, or deleted and collected) is not.
 *
 * Read-only on the document: a root type is only looked up by name when the name
 * is this section's, since Yjs would otherwise create the root it names.
 */
export function anchorInSection(doc: Y.Doc, sectionId: string, encoded: string): boolean {
  const bytes = base64ToBytes(encoded);
  if (!bytes) return false;
  let position: Y.RelativePosition;
  try {
    position = Y.decodeRelativePosition(bytes);
    if (bytesToBase64(Y.encodeRelativePosition(position)) !== encoded) return false;
  } catch {
    return false;
  }
  const fragment = sectionFragmentIn(doc, sectionId);
  if (!fragment) return false;
  if (position.item === null) {
    if (position.tname !== null ? position.tname !== sectionFragmentName(sectionId) : position.type === null) {
      return false;
    }
  }
  let absolute: Y.AbsolutePosition | null;
  try {
    absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  } catch {
    return false;
  }
  if (!absolute) return false;
  const type = absolute.type;
  return type === fragment || (type._item !== null && Y.isParentOf(fragment, type._item));
}
