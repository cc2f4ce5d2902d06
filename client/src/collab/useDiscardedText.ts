import { sectionFragmentIn, sectionPlainText } from '@jointly/shared';
import { useCallback, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import type { EntryCollabSession } from './EntryCollabSession.ts';

/** A section as this browser's discarded copy held it, where that differs from what the server has. */
export type DiscardedSectionText = { sectionId: string; text: string };

function textsOf(doc: Y.Doc, sectionIds: readonly string[]): Map<string, string> {
  return new Map(
    sectionIds.map((id) => {
      const fragment = sectionFragmentIn(doc, id);
      return [id, fragment ? sectionPlainText(fragment).trimEnd() : ''];
    }),
  );
}

/**
 * What a discarded copy said, so no words go without the person seeing them: the sections' text
 * is read from the old document before it goes (`capture`), and once the fresh session has loaded
 * the server's document, the sections that read differently there are kept to be shown and copied
 * (an entry reopened by a lead can take them again).
 */
export function useDiscardedText(
  session: EntryCollabSession | null,
  documentLoaded: boolean,
  sectionIds: readonly string[],
): { capture(doc: Y.Doc): void; sections: DiscardedSectionText[] } {
  const [captured, setCaptured] = useState<{ from: Y.Doc; texts: Map<string, string> } | null>(null);
  const [sections, setSections] = useState<DiscardedSectionText[]>([]);
  const capture = useCallback(
    (doc: Y.Doc) => setCaptured({ from: doc, texts: textsOf(doc, sectionIds) }),
    [sectionIds],
  );

  useEffect(() => {
    if (!captured || !session || session.doc === captured.from || !documentLoaded) return;
    const now = textsOf(session.doc, [...captured.texts.keys()]);
    setSections(
      [...captured.texts]
        .filter(([id, text]) => text !== '' && text !== now.get(id))
        .map(([sectionId, text]) => ({ sectionId, text })),
    );
    setCaptured(null);
  }, [captured, session, documentLoaded]);

  return { capture, sections };
}
