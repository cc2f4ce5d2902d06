import { sectionIdOf } from '@jointly/shared';
import * as Y from 'yjs';

/** Characters of current text per Yjs client id, for each section of a document. */
export type SectionCharacters = Map<string, Map<number, number>>;

/**
 * Who wrote each section's current text, by Yjs client id (C-PROV-5): walks
 * every `section:<id>` fragment and adds the length of each text item that is
 * not deleted to the client id that created it. Structure (paragraphs, marks,
 * attributes) is not text and counts for no one. The caller maps client ids
 * to people through the store's `doc_clients` record, never through anything
 * written in the document. Reads only: the document is not changed.
 */
export function charactersByClient(doc: Y.Doc): SectionCharacters {
  const sections: SectionCharacters = new Map();
  for (const name of [...doc.share.keys()]) {
    const sectionId = sectionIdOf(name);
    if (sectionId === null) continue;
    let fragment: Y.XmlFragment;
    try {
      fragment = doc.getXmlFragment(name);
    } catch {
      // A top-level type of another kind under a section's name holds no section text.
      continue;
    }
    const counts = new Map<number, number>();
    countText(fragment, counts);
    sections.set(sectionId, counts);
  }
  return sections;
}

function countText(type: { _start: Y.Item | null }, counts: Map<number, number>): void {
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentString) {
      counts.set(item.id.client, (counts.get(item.id.client) ?? 0) + item.length);
    } else if (item.content instanceof Y.ContentType) {
      countText(item.content.type, counts);
    }
  }
}
