import {
  type ContentNode,
  contentBlockTexts,
  countWords,
  type SectionContent,
  sectionContent,
  sectionContentHash,
  sectionFragmentIn,
  sectionFragmentName,
  sectionPlainText,
} from '@jointly/shared';
import * as Y from 'yjs';

/**
 * A version of a section as stored: the encoded state of a small Y.Doc that
 * holds only `section:<id>`, rebuilt from the section's normalised content
 * (contentHash.ts). Rebuilding rather than copying the live fragment's items
 * means the version carries no deleted items, no tombstones and no client
 * history of the entry's document (whose own garbage collection stays on),
 * only what a reader sees; and what no editor makes is already skipped by
 * the reading (documentRead.ts). Its hash equals the live section's hash.
 */
export type SectionSnapshot = {
  state: Uint8Array;
  content: SectionContent;
  contentHash: string;
  words: number;
};

const isText = (node: ContentNode): node is { t: string; m?: Record<string, unknown> } => 't' in node;

/** Prelim Yjs nodes for normalised content: runs of text become one Y.XmlText with their marks. */
function yNodesOf(nodes: readonly ContentNode[]): (Y.XmlElement | Y.XmlText)[] {
  const out: (Y.XmlElement | Y.XmlText)[] = [];
  let text: Y.XmlText | null = null;
  let length = 0;
  for (const node of nodes) {
    if (isText(node)) {
      if (!text) {
        text = new Y.XmlText();
        length = 0;
        out.push(text);
      }
      text.insert(length, node.t, node.m ?? {});
      length += node.t.length;
      continue;
    }
    text = null;
    const element = new Y.XmlElement(node.n);
    for (const [key, value] of Object.entries(node.a ?? {})) {
      element.setAttribute(key, value as string);
    }
    const children = yNodesOf(node.c);
    if (children.length > 0) element.insert(0, children);
    out.push(element);
  }
  return out;
}

/** Builds the version document of `content` and reads back what it holds. */
export function snapshotOfContent(sectionId: string, content: SectionContent): SectionSnapshot {
  const doc = new Y.Doc();
  try {
    const fragment = doc.getXmlFragment(sectionFragmentName(sectionId));
    const nodes = yNodesOf(content);
    if (nodes.length > 0) fragment.insert(0, nodes);
    return {
      state: Y.encodeStateAsUpdate(doc),
      content: sectionContent(fragment),
      contentHash: sectionContentHash(fragment),
      words: countWords(sectionPlainText(fragment)),
    };
  } finally {
    doc.destroy();
  }
}

/** The section of a live or stored entry document, as a version. */
export function snapshotOfDocument(doc: Y.Doc, sectionId: string): SectionSnapshot {
  const fragment = sectionFragmentIn(doc, sectionId);
  return snapshotOfContent(sectionId, fragment ? sectionContent(fragment) : []);
}

/** A stored version (or a submitted entry's whole state) read back as a version of `sectionId`. */
export function snapshotOfState(sectionId: string, state: Uint8Array): SectionSnapshot {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return snapshotOfDocument(doc, sectionId);
  } finally {
    doc.destroy();
  }
}

/** The version's blocks as a reader sees them: a citation reads "see E3" (or "see [missing exhibit]"). */
export function blocksWithLabels(content: SectionContent, labels: ReadonlyMap<string, string>): string[] {
  return contentBlockTexts(content, (itemId) => `see ${labels.get(itemId) ?? '[missing exhibit]'}`);
}
