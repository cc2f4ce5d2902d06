import { MAX_XML_DEPTH, sectionFragmentIn, sectionIdOf } from '@jointly/shared';
import * as Y from 'yjs';

/** Characters of current text per Yjs client id, for each section of a document. */
export type SectionCharacters = Map<string, Map<number, number>>;

/**
 * Who wrote each section's current text, by Yjs client id (C-PROV-5): walks
 * every `section:<id>` fragment and adds the length of each text item that is
 * not deleted to the client id that created it. Structure (paragraphs, marks,
 * attributes) is not text and counts for no one. The caller maps client ids
 * to people through the store's `doc_clients` record, never through anything
 * written in the document. Reads only: the document is not changed. Only text
 * the readers show counts: strings in `Y.XmlText`s inside elements, at most
 * MAX_XML_DEPTH deep (documentRead.ts in @jointly/shared).
 */
export function charactersByClient(doc: Y.Doc): SectionCharacters {
  const sections: SectionCharacters = new Map();
  for (const name of [...doc.share.keys()]) {
    const sectionId = sectionIdOf(name);
    if (sectionId === null) continue;
    // A top-level type of another kind under a section's name holds no section text.
    const fragment = sectionFragmentIn(doc, sectionId);
    if (!fragment) continue;
    const counts = new Map<number, number>();
    countText(fragment, counts, 0);
    sections.set(sectionId, counts);
  }
  return sections;
}

function countText(type: Y.XmlFragment | Y.XmlText, counts: Map<number, number>, depth: number): void {
  if (depth >= MAX_XML_DEPTH) return;
  const inText = type instanceof Y.XmlText;
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentString) {
      if (inText) counts.set(item.id.client, (counts.get(item.id.client) ?? 0) + item.length);
    } else if (item.content instanceof Y.ContentType) {
      const inner = item.content.type;
      if (inner instanceof Y.XmlElement || inner instanceof Y.XmlText) countText(inner, counts, depth + 1);
    }
  }
}
