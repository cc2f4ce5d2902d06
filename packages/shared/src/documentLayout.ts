/**
 * The layout of an entry's Yjs document (PRODUCT §5). Top-level shared types
 * are addressed by these names on both sides of the socket.
 */
export const SECTION_PREFIX = 'section:';
export const TESTIMONIALS_MAP = 'testimonials';
export const EVIDENCE_MAP = 'evidence';

/** The name of the `Y.XmlFragment` that holds one section's rich text. */
export function sectionFragmentName(sectionId: string): string {
  return `${SECTION_PREFIX}${sectionId}`;
}

/** The section id of a top-level type name, or null when it is not a section. */
export function sectionIdOf(typeName: string): string | null {
  return typeName.startsWith(SECTION_PREFIX) ? typeName.slice(SECTION_PREFIX.length) : null;
}

export type ItemCollection = typeof TESTIMONIALS_MAP | typeof EVIDENCE_MAP;

export function isItemCollection(typeName: string): typeName is ItemCollection {
  return typeName === TESTIMONIALS_MAP || typeName === EVIDENCE_MAP;
}

/**
 * The award's short fields (issue 17 item 1): a `Y.Map` of field id → `Y.Text`
 * (plain text, one line), only for the fields the entry's category declares.
 */
export const SHORT_FIELDS_MAP = 'shortFields';

/**
 * The finalist stage's co-written presentation outline (issue 17 item 4): one
 * `Y.XmlFragment` with a section's schema. Written after submission, while the
 * recorded outcome is "finalist", by leads and contributors (the one write a
 * submitted entry takes, C-WRITE-5); not part of the submitted content hash.
 */
export const FINALIST_OUTLINE = 'finalistOutline';
