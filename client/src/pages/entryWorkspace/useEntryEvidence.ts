import { type CitationReport, checkCitations, type EntryDto, type ItemProvenanceDto } from '@jointly/shared';
import { type CoverageReport, coverageItems, evaluateCoverage } from '@jointly/templates';
import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { type EntryItems, useEntryItems } from '../../collab/useEntryItems.ts';
import type { CiteOption } from '../../components/editor/CiteForm.tsx';
import { itemTitle } from '../../components/items/ItemCard.tsx';
import { byExhibitLabel } from '../../components/items/ItemsPanel.tsx';
import type { LabelOf } from '../../components/sections/SectionCitationProblems.tsx';
import { ExhibitDirectory } from '../../editor/ExhibitDirectory.ts';
import { useEntryCategory } from '../../hooks/useEntryCategory.ts';
import { type ProvenanceState, useProvenance } from '../../hooks/useProvenance.ts';

export type EntryEvidence = {
  provenance: ProvenanceState;
  /** The server's items (labels, authorship, deletions); empty until provenance first arrives. */
  provenanceItems: ItemProvenanceDto[];
  items: EntryItems;
  exhibits: ExhibitDirectory;
  /** Every live item, testimonials then evidence, each in label order, as the editor's cite form offers them. */
  citeOptions: CiteOption[];
  /** The template's rules against the live items; null for a category this client does not know. */
  coverage: CoverageReport | null;
  citationReport: CitationReport;
  labelOf: LabelOf;
};

type EvidenceInputs = {
  doc: Y.Doc | null;
  documentLoaded: boolean;
  /** Connected, synced and saved: a trigger to read provenance again. */
  upToDate: boolean;
  /** While the connection is stopped the server is not asked. */
  connectionStopped: boolean;
};

/**
 * Testimonials, evidence and citations live from the document; labels and authorship from the
 * server; what the template's rules and the citation checks make of both.
 */
export function useEntryEvidence(
  entry: EntryDto,
  { doc, documentLoaded, upToDate, connectionStopped }: EvidenceInputs,
): EntryEvidence {
  const sectionIdList = useMemo(() => entry.sections.map((section) => section.id), [entry.sections]);
  // Shipped or custom (issue 17 item 1): a custom category's coverage shows once it is read.
  const template = useEntryCategory(entry, !connectionStopped);
  const provenance = useProvenance(entry.id, doc, upToDate, !connectionStopped);
  const provenanceItems = provenance.data?.items ?? [];
  // With the server's labels, references typed as text ("see E4") count as citations too.
  const items = useEntryItems(doc, sectionIdList, provenance.data?.items ?? null);
  const [exhibits] = useState(() => new ExhibitDirectory());
  const liveItemIds = useMemo(
    () => [...items.testimonials, ...items.evidence].map((item) => item.id),
    [items.testimonials, items.evidence],
  );
  const knowsItems = documentLoaded || liveItemIds.length > 0;
  useEffect(() => {
    exhibits.update(knowsItems ? liveItemIds : null, provenance.data?.items ?? [], provenance.data !== null);
  }, [exhibits, knowsItems, liveItemIds, provenance.data]);

  const labelOrder = byExhibitLabel(new Map(provenanceItems.map((item) => [item.itemId, item])));
  const citeOptions: CiteOption[] = [
    ...[...items.testimonials].sort(labelOrder).map((item) => ({ collection: 'testimonials' as const, item })),
    ...[...items.evidence].sort(labelOrder).map((item) => ({ collection: 'evidence' as const, item })),
  ].map((view) => ({
    itemId: view.item.id,
    text: `${exhibits.get(view.item.id).status === 'labelled' ? provenanceItems.find((p) => p.itemId === view.item.id)?.label : 'Label pending'}: ${itemTitle(view)}`,
  }));

  const coverage = template
    ? evaluateCoverage(template, {
        ...coverageItems(items.testimonials, items.evidence, provenanceItems),
        citations: items.citations,
        organisations: entry.organisations,
      })
    : null;
  const citationReport = checkCitations({
    citations: items.citations,
    itemIds: liveItemIds,
    deletedItemIds: provenanceItems.filter((item) => item.deleted !== null).map((item) => item.itemId),
  });
  const labelOf = (itemId: string) => provenanceItems.find((item) => item.itemId === itemId)?.label ?? null;

  return { provenance, provenanceItems, items, exhibits, citeOptions, coverage, citationReport, labelOf };
}
