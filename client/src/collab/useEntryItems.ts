import {
  EVIDENCE_MAP,
  type Evidence,
  readEvidence,
  readTestimonials,
  sectionCitations,
  sectionFragmentName,
  TESTIMONIALS_MAP,
  type Testimonial,
} from '@jointly/shared';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

export type EntryItems = {
  testimonials: Testimonial[];
  evidence: Evidence[];
  /** Section id → item ids its text cites ('' for a citation with an invalid id). */
  citations: Record<string, string[]>;
};

const EMPTY: EntryItems = { testimonials: [], evidence: [], citations: {} };

export function readEntryItems(doc: Y.Doc, sectionIds: readonly string[]): EntryItems {
  const citations: Record<string, string[]> = {};
  for (const sectionId of sectionIds) {
    citations[sectionId] = sectionCitations(doc.getXmlFragment(sectionFragmentName(sectionId)));
  }
  return {
    testimonials: readTestimonials(doc.getMap<unknown>(TESTIMONIALS_MAP)),
    evidence: readEvidence(doc.getMap<unknown>(EVIDENCE_MAP)),
    citations,
  };
}

/**
 * The entry's testimonials, evidence and citations, live from the shared
 * document: re-read after each transaction that touched them (one per
 * person's action or remote update, not per key).
 */
export function useEntryItems(doc: Y.Doc | null, sectionIds: readonly string[]): EntryItems {
  const [items, setItems] = useState<EntryItems>(EMPTY);
  const key = sectionIds.join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the joined key stands for the section ids.
  useEffect(() => {
    if (!doc) {
      setItems(EMPTY);
      return;
    }
    const watched = new Set<unknown>([
      doc.getMap(TESTIMONIALS_MAP),
      doc.getMap(EVIDENCE_MAP),
      ...sectionIds.map((id) => doc.getXmlFragment(sectionFragmentName(id))),
    ]);
    setItems(readEntryItems(doc, sectionIds));
    const onTransaction = (transaction: Y.Transaction) => {
      for (const type of transaction.changedParentTypes.keys()) {
        if (watched.has(type)) {
          setItems(readEntryItems(doc, sectionIds));
          return;
        }
      }
    };
    doc.on('afterTransaction', onTransaction);
    return () => doc.off('afterTransaction', onTransaction);
  }, [doc, key]);
  return items;
}
