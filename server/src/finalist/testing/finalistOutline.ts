import { FINALIST_OUTLINE } from '@jointly/shared';
import * as Y from 'yjs';
import { applyStoredDocument, type DocStore } from '../../collab/docStore.ts';
import type { RoomManager } from '../../collab/RoomManager.ts';

/** What the outline tests need of a server: its store and rooms. */
type CollabOf = { collab: { store: DocStore; rooms: RoomManager } };

/** Appends a paragraph to the finalist outline, as its editor would. */
export function writeOutlineParagraph(doc: Y.Doc, text: string): void {
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    const outline = doc.getXmlFragment(FINALIST_OUTLINE);
    outline.insert(outline.length, [paragraph]);
  });
}

/** The outline's paragraphs' text, in order. */
export function outlineParagraphs(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment(FINALIST_OUTLINE)
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().map(String).join('') : String(node)));
}

/** The outline as the store holds it (what a restarted server loads). */
export async function storedOutline(server: CollabOf, entryId: string): Promise<string[]> {
  const doc = applyStoredDocument(new Y.Doc(), await server.collab.store.loadDocument(entryId));
  try {
    return outlineParagraphs(doc);
  } finally {
    doc.destroy();
  }
}

/** Writes the room refused from this person's connections (C-WRITE-1's audit count). */
export function refusedWritesOf(server: CollabOf, entryId: string, userId: string): number {
  let refused = 0;
  for (const c of server.collab.rooms.get(entryId)?.connections ?? []) {
    if (c.userId === userId) refused += c.refusedWrites;
  }
  return refused;
}
