import {
  EVIDENCE_MAP,
  type Evidence,
  type ExhibitLabelIndex,
  exhibitLabelIndex,
  type ItemProvenanceDto,
  readEvidence,
  readTestimonials,
  sectionCitations,
  sectionFragmentName,
  TESTIMONIALS_MAP,
  type Testimonial,
} from '@jointly/shared';
import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';

export type EntryItems = {
  testimonials: Testimonial[];
  evidence: Evidence[];
  /**
   * Section id → item ids its text cites, by chip or typed as text ("see E4"):
   * '' for a chip with an invalid id, a typed label no exhibit has as
   * `unknownLabelOf` reads it (sectionCitations).
   */
  citations: Record<string, string[]>;
};

const EMPTY: EntryItems = { testimonials: [], evidence: [], citations: {} };

export function readEntryItems(
  doc: Y.Doc,
  sectionIds: readonly string[],
  labels: ExhibitLabelIndex | null = null,
): EntryItems {
  const citations: Record<string, string[]> = {};
  for (const sectionId of sectionIds) {
    citations[sectionId] = sectionCitations(doc.getXmlFragment(sectionFragmentName(sectionId)), labels);
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
 * person's action or remote update, not per key), and when the exhibit
 * labels change (`provenance`: the server's items with their labels, null
 * until read; references typed as text count only with them).
 */
export function useEntryItems(
  doc: Y.Doc | null,
  sectionIds: readonly string[],
  provenance: readonly ItemProvenanceDto[] | null = null,
): EntryItems {
  const [items, setItems] = useState<EntryItems>(EMPTY);
  const key = sectionIds.join('\n');
  const labelsKey = provenance ? provenance.map((item) => `${item.label}=${item.itemId}`).join('\n') : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the joined key stands for the labels.
  const labels = useMemo(() => (provenance ? exhibitLabelIndex(provenance) : null), [labelsKey]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the joined keys stand for the section ids and labels.
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
    setItems(readEntryItems(doc, sectionIds, labels));
    const onTransaction = (transaction: Y.Transaction) => {
      for (const type of transaction.changedParentTypes.keys()) {
        if (watched.has(type)) {
          setItems(readEntryItems(doc, sectionIds, labels));
          return;
        }
      }
    };
    doc.on('afterTransaction', onTransaction);
    return () => doc.off('afterTransaction', onTransaction);
  }, [doc, key, labelsKey]);
  return items;
}
