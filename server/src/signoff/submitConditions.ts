import {
  type ConsentRecordDto,
  type checkCitations,
  consentProblems,
  type Evidence,
  formatUkDate,
  type OrganisationDto,
  readShortFields,
  shortFieldProblem,
  type Testimonial,
} from '@jointly/shared';
import {
  type CategoryTemplate,
  type EvidenceWindow,
  type evaluateCoverage,
  evidenceDateProblem,
} from '@jointly/templates';
import type * as Y from 'yjs';
import type { SectionRead } from './entryRead.ts';
import { noLeadMessage, unconfirmedLeadsMessage } from './leadlessOrganisations.ts';

/**
 * The conditions of PRODUCT §3 journey 7 (S-SUBMIT-1), one pure check each:
 * given what was read, the unmet ones, in the words the page shows. The
 * submission gathers the facts once (unmetConditions.ts) and lists every
 * check's issues, in this order.
 */

/** One unmet submit condition, as it travels in the error envelope's `issues`. */
export type SubmitIssue = { path: string; message: string };

type Sections = CategoryTemplate['sections'];

/** S-APPROVE-2: every section approved, for exactly the content it has now. */
export function approvalIssues(
  sections: Sections,
  reads: ReadonlyMap<string, Pick<SectionRead, 'hash'>>,
  approvals: ReadonlyMap<string, { contentHash: string }>,
): SubmitIssue[] {
  const issues: SubmitIssue[] = [];
  for (const section of sections) {
    const approval = approvals.get(section.id);
    const path = `sections.${section.id}.approval`;
    if (!approval) issues.push({ path, message: `“${section.title}” has not been approved.` });
    else if (approval.contentHash !== reads.get(section.id)?.hash)
      issues.push({ path, message: `“${section.title}” has changed since it was approved.` });
  }
  return issues;
}

/** S-APPROVE-5: no section with pending suggestions (issue 14): they must be accepted or rejected first. */
export function suggestionIssues(
  sections: Sections,
  reads: ReadonlyMap<string, Pick<SectionRead, 'suggestions'>>,
): SubmitIssue[] {
  return sections.flatMap((section) => {
    const count = reads.get(section.id)?.suggestions ?? 0;
    return count > 0
      ? [
          {
            path: `sections.${section.id}.suggestions`,
            message: `“${section.title}” has ${count === 1 ? 'a suggestion' : `${count} suggestions`} waiting to be accepted or rejected.`,
          },
        ]
      : [];
  });
}

/** Every section within its word limit. */
export function wordLimitIssues(
  sections: Sections,
  reads: ReadonlyMap<string, Pick<SectionRead, 'words'>>,
): SubmitIssue[] {
  return sections.flatMap((section) => {
    const words = reads.get(section.id)?.words ?? 0;
    return words > section.wordLimit
      ? [
          {
            path: `sections.${section.id}.words`,
            message: `“${section.title}” has ${words} words; the limit is ${section.wordLimit}.`,
          },
        ]
      : [];
  });
}

/** The template's coverage rules, entry-wide then per section. */
export function coverageIssues(coverage: ReturnType<typeof evaluateCoverage>): SubmitIssue[] {
  const issues: SubmitIssue[] = [];
  for (const rule of coverage.entry) {
    if (!rule.met)
      issues.push({ path: `coverage.${rule.ruleId}`, message: `${rule.description} Missing: ${rule.missing}.` });
  }
  for (const section of coverage.sections) {
    for (const rule of section.rules) {
      if (rule.met) continue;
      issues.push({
        path: `coverage.${section.sectionId}.${rule.ruleId}`,
        message: `“${section.title}”: ${rule.description} Missing: ${rule.missing}.`,
      });
    }
  }
  return issues;
}

/** Every testimonial's consent recorded in full. */
export function consentIssues(testimonials: readonly Testimonial[]): SubmitIssue[] {
  return testimonials.flatMap((testimonial) => {
    const problems = consentProblems(testimonial);
    if (problems.length === 0) return [];
    const who = testimonial.personName.trim() || 'a testimonial';
    return [
      {
        path: `testimonials.${testimonial.id}.consent`,
        message: `Consent for ${who}: ${problems.map((p) => p.message).join('; ')}.`,
      },
    ];
  });
}

/**
 * Issue 18 item 1: every testimonial that points to a consent record points to one this entry
 * uses, still in force (not withdrawn, not expired) and covering judging. `records` holds the
 * entry's records among those pointed to, as they stand today.
 */
export function consentRecordIssues(
  testimonials: readonly Pick<Testimonial, 'id' | 'personName' | 'consentRecordId'>[],
  records: ReadonlyMap<string, Pick<ConsentRecordDto, 'status' | 'uses' | 'personName' | 'expiresOn' | 'withdrawal'>>,
): SubmitIssue[] {
  return testimonials.flatMap((testimonial) => {
    const id = testimonial.consentRecordId;
    if (!id) return [];
    const record = records.get(id);
    const path = `testimonials.${testimonial.id}.consentRecord`;
    const who = record?.personName || testimonial.personName.trim() || 'a testimonial';
    if (!record) {
      return [
        { path: `${path}.unknown`, message: `Consent for ${who}: the consent record is not one this entry uses.` },
      ];
    }
    const issues: SubmitIssue[] = [];
    if (record.status === 'withdrawn') {
      const reason = record.withdrawal?.reason ? ` (${record.withdrawal.reason})` : '';
      issues.push({
        path: `${path}.withdrawn`,
        message: `Consent for ${who} was withdrawn${reason}. Remove the testimonial or record new consent.`,
      });
    } else if (record.status === 'expired') {
      issues.push({
        path: `${path}.expired`,
        message: `Consent for ${who} expired on ${formatUkDate(record.expiresOn)}. Record new consent or remove the testimonial.`,
      });
    }
    if (!record.uses.includes('judging')) {
      issues.push({ path: `${path}.judging`, message: `Consent for ${who} does not cover judging the award.` });
    }
    return issues;
  });
}

/** Issue 13: every dated evidence item within the category's window (the deadline, or today, less its months). */
export function evidenceDateIssues(
  evidence: readonly Pick<Evidence, 'id' | 'title' | 'date'>[],
  window: EvidenceWindow,
  labels: ReadonlyMap<string, string | null>,
): SubmitIssue[] {
  return evidence.flatMap((item) => {
    const problem = evidenceDateProblem(item.date, window);
    if (problem === null) return [];
    const label = labels.get(item.id);
    const name = `${label ? `${label} ` : ''}“${item.title.trim() || 'Untitled evidence'}”`;
    return [{ path: `evidence.${item.id}.date`, message: `Evidence ${name}: ${problem}.` }];
  });
}

/** S-ENDORSE-2, S-ENDORSE-3: every organisation endorsed the content as it is now. */
export function endorsementIssues(
  organisations: readonly Pick<OrganisationDto, 'id' | 'name'>[],
  endorsements: readonly { organisation: { id: string }; current: boolean }[],
  leadless: ReadonlySet<string>,
  /** Organisations whose leads are all unconfirmed members of it (issue 15). */
  unconfirmedLeadsOnly: ReadonlySet<string> = new Set(),
): SubmitIssue[] {
  const issues: SubmitIssue[] = [];
  for (const organisation of organisations) {
    const path = `endorsements.${organisation.id}`;
    const endorsement = endorsements.find((e) => e.organisation.id === organisation.id);
    if (!endorsement?.current && leadless.has(organisation.id)) {
      // S-ENDORSE-3: say what would let it endorse, not only that it has not.
      issues.push({ path, message: noLeadMessage(organisation.name) });
    } else if (!endorsement?.current && unconfirmedLeadsOnly.has(organisation.id)) {
      issues.push({ path, message: unconfirmedLeadsMessage(organisation.name) });
    } else if (!endorsement) {
      issues.push({ path, message: `${organisation.name} has not endorsed the entry.` });
    } else if (!endorsement.current) {
      issues.push({ path, message: `${organisation.name} endorsed an earlier version; the entry has changed since.` });
    }
  }
  return issues;
}

/** No section cites a deleted exhibit or one that does not exist (chips and references typed as text). */
export function citationIssues(
  sections: Sections,
  report: Pick<ReturnType<typeof checkCitations>, 'broken'>,
  labels: ReadonlyMap<string, string>,
): SubmitIssue[] {
  return report.broken.map((broken) => {
    const title = sections.find((s) => s.id === broken.sectionId)?.title ?? broken.sectionId;
    const label = labels.get(broken.itemId);
    return {
      path: `sections.${broken.sectionId}.citations`,
      message:
        broken.reason === 'deleted'
          ? `“${title}” cites ${label ?? 'an exhibit'} which has been deleted.`
          : broken.label
            ? `“${title}” cites ${broken.label}, but no exhibit has that label.`
            : `“${title}” cites an exhibit that does not exist.`,
    };
  });
}

/** Issue 17 item 1: the award's short fields, each required one filled in, each within its limits, one line. */
export function shortFieldIssues(template: Pick<CategoryTemplate, 'shortFields'>, doc: Y.Doc): SubmitIssue[] {
  return readShortFields(doc, template.shortFields ?? []).flatMap(({ field, value }) => {
    const message = shortFieldProblem(field, value);
    return message === null ? [] : [{ path: `shortFields.${field.id}`, message }];
  });
}
