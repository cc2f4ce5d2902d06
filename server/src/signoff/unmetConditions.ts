import { checkCitations, entryCitations, exhibitLabelIndex } from '@jointly/shared';
import { type CategoryTemplate, coverageItems, evaluateCoverage, evidenceWindow } from '@jointly/templates';
import type * as Y from 'yjs';
import type { Approvals } from './approvals.ts';
import { readEntry } from './entryRead.ts';
import { organisationsWithOnlyUnconfirmedLeads, organisationsWithoutLead } from './leadlessOrganisations.ts';
import type { SignoffDeps } from './signoffDeps.ts';
import {
  approvalIssues,
  citationIssues,
  consentIssues,
  consentRecordIssues,
  coverageIssues,
  endorsementIssues,
  evidenceDateIssues,
  type SubmitIssue,
  shortFieldIssues,
  suggestionIssues,
  wordLimitIssues,
} from './submitConditions.ts';

/**
 * S-SUBMIT-1: gathers the facts every condition needs (one read of the
 * document, the approvals, members, provenance and endorsements) and runs
 * the pure checks of submitConditions.ts on them; the full list of what is
 * unmet (empty: may submit), in the order the page shows.
 */
export function createUnmetConditions(
  deps: Pick<SignoffDeps, 'entries' | 'provenance' | 'consents'>,
  approvals: Approvals,
) {
  const { entries, provenance } = deps;

  return async function unmetConditions(
    entryId: string,
    userId: string,
    template: CategoryTemplate,
    doc: Y.Doc,
  ): Promise<{ issues: SubmitIssue[]; contentHash: string }> {
    const read = readEntry(doc, template);
    const approved = await approvals.latestApprovals(entryId);
    // The award's short fields first: they sit above the sections on the page (issue 17 item 1).
    const issues: SubmitIssue[] = shortFieldIssues(template, doc);
    // Per section: its approval, then its word count.
    for (const section of template.sections) {
      issues.push(
        ...approvalIssues([section], read.sections, approved),
        ...wordLimitIssues([section], read.sections),
        ...suggestionIssues([section], read.sections),
      );
    }

    const members = await entries.listMembers(entryId);
    const organisations = new Map(members.map((m) => [m.organisation.id, m.organisation]));
    const itemProvenance = (await provenance.getProvenance(entryId, userId)).items;
    // Chips and references typed as text ("see E4"), mapped to items by the labels the server assigned.
    const citations = entryCitations(
      doc,
      template.sections.map((section) => section.id),
      exhibitLabelIndex(itemProvenance),
    );
    const coverage = evaluateCoverage(template, {
      ...coverageItems(read.testimonials, read.evidence, itemProvenance),
      citations,
      organisations: [...organisations.values()].map((o) => ({ id: o.id, name: o.name })),
    });
    issues.push(...coverageIssues(coverage), ...consentIssues(read.testimonials));
    // Issue 18 item 1: consent records pointed to, as they stand today (withdrawn, expired, uses).
    const recordIds = read.testimonials.flatMap((t) => (t.consentRecordId ? [t.consentRecordId] : []));
    const records =
      recordIds.length > 0 && deps.consents ? await deps.consents.recordsUsedBy(entryId, recordIds) : new Map();
    issues.push(...consentRecordIssues(read.testimonials, records));
    // Against the deadline when the category has one, else against today.
    const labelOf = new Map(itemProvenance.map((item) => [item.itemId, item.label]));
    issues.push(...evidenceDateIssues(read.evidence, evidenceWindow(template, new Date()), labelOf));

    const endorsements = await approvals.latestEndorsements(entryId, read.contentHash);
    const leadless = new Set(organisationsWithoutLead(members).map((o) => o.id));
    const unconfirmed = new Set(organisationsWithOnlyUnconfirmedLeads(members).map((o) => o.id));
    issues.push(...endorsementIssues([...organisations.values()], endorsements, leadless, unconfirmed));

    const report = checkCitations({
      citations,
      itemIds: [...read.testimonials, ...read.evidence].map((item) => item.id),
      deletedItemIds: itemProvenance.filter((item) => item.deleted).map((item) => item.itemId),
    });
    const labels = new Map(itemProvenance.map((item) => [item.itemId, item.label]));
    issues.push(...citationIssues(template.sections, report, labels));
    return { issues, contentHash: read.contentHash };
  };
}

export type UnmetConditions = ReturnType<typeof createUnmetConditions>;
