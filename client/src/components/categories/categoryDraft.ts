import type { EvidenceKind, TestimonialKind } from '@jointly/shared';
import type { CategoryTemplate, CoverageRule } from '@jointly/templates';
import { linesOf, numberOf, slugOf } from './draftText.ts';
import { type ShortFieldDraft, shortFieldDraftOf, shortFieldIdOf, shortFieldsOf } from './shortFieldDraft.ts';

/**
 * What the category form holds (issue 17 item 1): text as typed, turned into
 * a template in the shipped files' format when sent. The server checks it
 * with the templates' schema and answers every problem with its path; the
 * form shows each beside its field (`fieldIdOf`).
 */
export type SectionDraft = {
  /** Stable while the form is open, so React keeps each section's fields as sections move. */
  key: number;
  title: string;
  summary: string;
  /** One prompt a line. */
  prompts: string;
  wordLimit: string;
  citesExhibit: boolean;
  baselineAndOutcome: boolean;
  testimonialKinds: TestimonialKind[];
  evidenceKinds: EvidenceKind[];
};

export type CategoryDraft = {
  programme: string;
  name: string;
  description: string;
  /** YYYY-MM-DD, or empty while the award has not announced it. */
  deadline: string;
  activeWithinMonths: string;
  evidenceWithinMonths: string;
  minimumPartnershipYears: string;
  /** One note a line. */
  notes: string;
  maxDocuments: string;
  formats: ('pdf' | 'docx')[];
  mustBeReferencedFromText: boolean;
  voiceFromEveryOrganisation: boolean;
  sections: SectionDraft[];
  /** The award's short fields (issue 17 item 1): a project title, single-line answers. */
  shortFields: ShortFieldDraft[];
};

let nextKey = 1;

export function emptySection(): SectionDraft {
  return {
    key: nextKey++,
    title: '',
    summary: '',
    prompts: '',
    wordLimit: '',
    citesExhibit: false,
    baselineAndOutcome: false,
    testimonialKinds: [],
    evidenceKinds: [],
  };
}

export function emptyDraft(): CategoryDraft {
  return {
    programme: '',
    name: '',
    description: '',
    deadline: '',
    activeWithinMonths: '18',
    evidenceWithinMonths: '24',
    minimumPartnershipYears: '',
    notes: '',
    maxDocuments: '1',
    formats: ['pdf', 'docx'],
    mustBeReferencedFromText: true,
    voiceFromEveryOrganisation: false,
    sections: [emptySection()],
    shortFields: [],
  };
}

/** Section ids from the titles, unique within the category (`section-N` for a title without letters). */
function sectionIds(sections: readonly SectionDraft[]): string[] {
  const used = new Set<string>();
  return sections.map((section, index) => {
    let id = slugOf(section.title) || `section-${index + 1}`;
    while (used.has(id)) id = `${id}-${index + 1}`;
    used.add(id);
    return id;
  });
}

function sectionRules(id: string, section: SectionDraft): CoverageRule[] {
  const rules: CoverageRule[] = [];
  if (section.testimonialKinds.length > 0)
    rules.push({
      id: `${id}-testimonials`,
      type: 'testimonialKinds',
      kinds: section.testimonialKinds,
      description: 'Testimonials of each of these kinds linked to this section.',
    });
  if (section.evidenceKinds.length > 0)
    rules.push({
      id: `${id}-evidence`,
      type: 'evidenceKinds',
      kinds: section.evidenceKinds,
      description: 'Evidence of one of these kinds linked to this section.',
    });
  if (section.baselineAndOutcome)
    rules.push({
      id: `${id}-baseline-and-outcome`,
      type: 'baselineAndOutcome',
      description: 'At least one measure with its baseline and its outcome.',
    });
  if (section.citesExhibit)
    rules.push({ id: `${id}-cites-exhibit`, type: 'citesExhibit', description: 'Cite an exhibit, e.g. "see E2".' });
  return rules;
}

/** The template to send (its `id` is the server's to give). */
export function templateOf(draft: CategoryDraft): Record<string, unknown> {
  const ids = sectionIds(draft.sections);
  return {
    programme: draft.programme.trim(),
    name: draft.name.trim(),
    description: draft.description.trim(),
    deadline: draft.deadline.trim() === '' ? null : `${draft.deadline.trim()}T23:59:00Z`,
    eligibility: {
      activeWithinMonths: numberOf(draft.activeWithinMonths),
      evidenceWithinMonths: numberOf(draft.evidenceWithinMonths),
      minimumPartnershipYears: numberOf(draft.minimumPartnershipYears) ?? null,
      notes: linesOf(draft.notes),
    },
    supportingEvidence: {
      maxDocuments: numberOf(draft.maxDocuments),
      formats: draft.formats,
      mustBeReferencedFromText: draft.mustBeReferencedFromText,
    },
    sections: draft.sections.map((section, index) => ({
      id: ids[index],
      title: section.title.trim(),
      summary: section.summary.trim(),
      prompts: linesOf(section.prompts),
      wordLimit: numberOf(section.wordLimit),
      coverage: sectionRules(ids[index] ?? '', section),
    })),
    coverage: draft.voiceFromEveryOrganisation
      ? [
          {
            id: 'entry-voice-from-every-organisation',
            type: 'voiceFromEveryOrganisation',
            description: 'A testimonial from (or added by) every organisation on the entry.',
          },
        ]
      : [],
    ...(draft.shortFields.length > 0 ? { shortFields: shortFieldsOf(draft.shortFields) } : {}),
  };
}

/** A stored category back into the form, to change it (rules of the kinds the form offers). */
export function draftOf(template: CategoryTemplate): CategoryDraft {
  return {
    programme: template.programme,
    name: template.name,
    description: template.description,
    deadline: template.deadline ? template.deadline.slice(0, 10) : '',
    activeWithinMonths: String(template.eligibility.activeWithinMonths),
    evidenceWithinMonths: String(template.eligibility.evidenceWithinMonths),
    minimumPartnershipYears:
      template.eligibility.minimumPartnershipYears === null ? '' : String(template.eligibility.minimumPartnershipYears),
    notes: template.eligibility.notes.join('\n'),
    maxDocuments: String(template.supportingEvidence.maxDocuments),
    formats: [...template.supportingEvidence.formats],
    mustBeReferencedFromText: template.supportingEvidence.mustBeReferencedFromText,
    voiceFromEveryOrganisation: template.coverage.some((rule) => rule.type === 'voiceFromEveryOrganisation'),
    sections: template.sections.map((section) => ({
      key: nextKey++,
      title: section.title,
      summary: section.summary,
      prompts: section.prompts.join('\n'),
      wordLimit: String(section.wordLimit),
      citesExhibit: section.coverage.some((rule) => rule.type === 'citesExhibit'),
      baselineAndOutcome: section.coverage.some((rule) => rule.type === 'baselineAndOutcome'),
      testimonialKinds: section.coverage.flatMap((rule) => (rule.type === 'testimonialKinds' ? rule.kinds : [])),
      evidenceKinds: section.coverage.flatMap((rule) => (rule.type === 'evidenceKinds' ? rule.kinds : [])),
    })),
    shortFields: (template.shortFields ?? []).map(shortFieldDraftOf),
  };
}

/** The form field a problem's path is about (`sections[1].wordLimit` → `category-section-1-wordLimit`), or null. */
export function fieldIdOf(path: string): string | null {
  const section = /^sections\[(\d+)\]\.(title|summary|prompts|wordLimit)/.exec(path);
  if (section) return `category-section-${section[1]}-${section[2]}`;
  const short = shortFieldIdOf(path);
  if (short) return short;
  const top = /^(programme|name|description|deadline)$/.exec(path);
  if (top) return `category-${top[1]}`;
  const nested =
    /^(eligibility|supportingEvidence)\.(activeWithinMonths|evidenceWithinMonths|minimumPartnershipYears|maxDocuments|formats)/.exec(
      path,
    );
  if (nested) return `category-${nested[2]}`;
  return null;
}

/** Moves the section at `from` by `by` places (−1 up, +1 down); out of range changes nothing. */
export function moveSection(sections: readonly SectionDraft[], from: number, by: -1 | 1): SectionDraft[] {
  const to = from + by;
  if (to < 0 || to >= sections.length) return [...sections];
  const moved = [...sections];
  const [section] = moved.splice(from, 1);
  if (section) moved.splice(to, 0, section);
  return moved;
}
