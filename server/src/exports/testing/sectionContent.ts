import { sectionFragmentName } from '@jointly/shared';
import * as Y from 'yjs';

/**
 * Section content for tests, written as the editor (y-prosemirror) writes it:
 * `Y.XmlElement`s named after the Tiptap nodes, attributes on the elements,
 * marks as formatting attributes of `Y.XmlText` (`bold: {}`, `link: {href}`).
 * Also writes what no editor would (any element name, any attribute): that is
 * how a hostile client bypasses the UI (RELIABILITY I61).
 */

export type Segment = { text: string; marks?: Record<string, unknown> };
export type Node =
  | { kind: 'element'; name: string; attrs: Record<string, unknown>; children: Node[] }
  | { kind: 'text'; segments: Segment[] };

export const el = (name: string, attrs: Record<string, unknown> = {}, ...children: Node[]): Node => ({
  kind: 'element',
  name,
  attrs,
  children,
});
/** One `Y.XmlText`: a string, or segments with marks. */
export const txt = (...segments: (string | Segment)[]): Node => ({
  kind: 'text',
  segments: segments.map((s) => (typeof s === 'string' ? { text: s } : s)),
});
export const p = (...children: (string | Segment | Node)[]): Node =>
  el('paragraph', {}, ...children.map((c) => (typeof c === 'object' && 'kind' in c ? c : txt(c))));
export const bold = (text: string): Segment => ({ text, marks: { bold: {} } });
export const italic = (text: string): Segment => ({ text, marks: { italic: {} } });
export const link = (text: string, href: string): Segment => ({ text, marks: { link: { href } } });
export const cite = (itemId: string): Node => el('citation', { itemId });

function build(node: Node): Y.XmlElement | Y.XmlText {
  if (node.kind === 'text') {
    const text = new Y.XmlText();
    let at = 0;
    for (const segment of node.segments) {
      // Explicit nulls keep a segment from inheriting the previous segment's marks.
      const marks = { bold: null, italic: null, link: null, ...(segment.marks ?? {}) };
      text.insert(at, segment.text, marks);
      at += segment.text.length;
    }
    return text;
  }
  const element = new Y.XmlElement(node.name);
  for (const [key, value] of Object.entries(node.attrs)) element.setAttribute(key, value as string);
  element.insert(0, node.children.map(build));
  return element;
}

/** Replaces a section's content with `nodes`, in one transaction. */
export function writeSection(
  doc: Y.Doc,
  sectionId: string,
  nodes: Node[],
  mode: 'replace' | 'append' = 'replace',
): void {
  doc.transact(() => {
    const fragment = doc.getXmlFragment(sectionFragmentName(sectionId));
    if (mode === 'replace' && fragment.length > 0) fragment.delete(0, fragment.length);
    fragment.insert(fragment.length, nodes.map(build));
  });
}

/** Adds an item to the `testimonials` or `evidence` map, as the items panel writes it. */
export function writeItem(doc: Y.Doc, collection: string, itemId: string, fields: Record<string, unknown>): void {
  doc.transact(() => {
    const item = new Y.Map<unknown>();
    doc.getMap(collection).set(itemId, item);
    for (const [key, value] of Object.entries(fields)) item.set(key, value);
  });
}
