import {
  EVIDENCE_KIND_LABELS,
  type Evidence,
  type EvidenceKind,
  type ItemProvenanceDto,
  type Testimonial,
  type TestimonialKind,
} from '@jointly/shared';
import type { CategoryTemplate, CoverageRule } from './categorySchema.ts';

/**
 * Evaluates a category template's coverage rules (PRODUCT §2) against what an
 * entry holds. Pure: the client runs it live on the shared document, the
 * server before a submission, on the same facts.
 */

export type CoverageTestimonial = {
  id: string;
  kind: TestimonialKind;
  sectionIds: readonly string[];
  personOrganisation: string;
  /** The organisation of the person who created the item, from the server's provenance (null: not known yet). */
  creatorOrganisationId: string | null;
};

export type CoverageEvidence = {
  id: string;
  kind: EvidenceKind;
  sectionIds: readonly string[];
  baseline: string;
  result: string;
};

export type CoverageFacts = {
  testimonials: readonly CoverageTestimonial[];
  evidence: readonly CoverageEvidence[];
  /** Section id → ids of the items its text cites. */
  citations: Readonly<Record<string, readonly string[]>>;
  /** The organisations on the entry. */
  organisations: readonly { id: string; name: string }[];
};

export type RuleResult = {
  ruleId: string;
  type: CoverageRule['type'];
  description: string;
  met: boolean;
  /** What is missing, as a phrase to follow "Missing: "; null when the rule is met. */
  missing: string | null;
};

export type SectionCoverage = { sectionId: string; title: string; met: boolean; rules: RuleResult[] };

export type CoverageReport = {
  /** Every rule, of the entry and of each section, is met. */
  met: boolean;
  entry: RuleResult[];
  sections: SectionCoverage[];
};

/** Lower-case phrases for "a testimonial from …". */
const TESTIMONIAL_FROM: Record<TestimonialKind, string> = {
  patient: 'a patient',
  service_user: 'a service user',
  carer: 'a carer',
  nhs_staff: 'NHS staff',
  partner_staff: 'partner staff',
  leader: 'a leader',
  other: 'someone else',
};

function joinWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** Organisation names compared without case, punctuation or repeated spaces. */
function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whether a testimonial's stated organisation names this organisation. */
function namesOrganisation(personOrganisation: string, organisationName: string): boolean {
  const stated = normaliseName(personOrganisation);
  const name = normaliseName(organisationName);
  if (stated === '' || name === '') return false;
  return stated === name || ` ${stated} `.includes(` ${name} `);
}

type Scope = {
  testimonials: readonly CoverageTestimonial[];
  evidence: readonly CoverageEvidence[];
  /** Live items cited by the scope's text. */
  citedItemIds: ReadonlySet<string>;
  /** "this section" or "the entry", for messages. */
  where: 'section' | 'entry';
};

function evaluateRule(rule: CoverageRule, scope: Scope, facts: CoverageFacts): RuleResult {
  const result = (missing: string | null): RuleResult => ({
    ruleId: rule.id,
    type: rule.type,
    description: rule.description,
    met: missing === null,
    missing,
  });
  const linked = scope.where === 'section' ? ' linked to this section' : '';
  switch (rule.type) {
    case 'testimonialKinds': {
      const absent = rule.kinds.filter((kind) => !scope.testimonials.some((item) => item.kind === kind));
      if (absent.length === 0) return result(null);
      const plural = absent.length > 1 ? 'testimonials' : 'a testimonial';
      return result(
        `${plural} from ${joinWords(
          absent.map((kind) => TESTIMONIAL_FROM[kind]),
          'and',
        )}${linked}`,
      );
    }
    case 'evidenceKinds': {
      if (scope.evidence.some((item) => rule.kinds.includes(item.kind))) return result(null);
      const kinds = rule.kinds.map((kind) => EVIDENCE_KIND_LABELS[kind].toLowerCase());
      return result(`${joinWords(kinds, 'or')} evidence${linked}`);
    }
    case 'baselineAndOutcome': {
      const complete = scope.evidence.some((item) => item.baseline.trim() !== '' && item.result.trim() !== '');
      if (complete) return result(null);
      return result(`evidence${linked} with both a baseline and a result`);
    }
    case 'voiceFromEveryOrganisation': {
      const unheard = facts.organisations.filter(
        (organisation) =>
          !scope.testimonials.some(
            (item) =>
              item.creatorOrganisationId === organisation.id ||
              namesOrganisation(item.personOrganisation, organisation.name),
          ),
      );
      if (unheard.length === 0) return result(null);
      return result(
        `a testimonial${linked} from (or added by) ${joinWords(
          unheard.map((organisation) => organisation.name),
          'and',
        )}`,
      );
    }
    case 'citesExhibit': {
      if (scope.citedItemIds.size > 0) return result(null);
      return result(
        scope.where === 'section'
          ? 'a citation of an exhibit in this section’s text'
          : 'a citation of an exhibit in the text of any section',
      );
    }
  }
}

/**
 * Every coverage rule of the template, for the entry and per section. A
 * section rule looks at the items linked to the section or cited in its
 * text; an entry rule looks at every item. Citations count only when the
 * cited item exists.
 */
export function evaluateCoverage(template: CategoryTemplate, facts: CoverageFacts): CoverageReport {
  const liveIds = new Set([...facts.testimonials.map((item) => item.id), ...facts.evidence.map((item) => item.id)]);
  const citedIn = (sectionId: string) =>
    new Set((facts.citations[sectionId] ?? []).filter((itemId) => liveIds.has(itemId)));

  const sections = template.sections.map((section): SectionCoverage => {
    const cited = citedIn(section.id);
    const inSection = (item: { id: string; sectionIds: readonly string[] }) =>
      item.sectionIds.includes(section.id) || cited.has(item.id);
    const scope: Scope = {
      testimonials: facts.testimonials.filter(inSection),
      evidence: facts.evidence.filter(inSection),
      citedItemIds: cited,
      where: 'section',
    };
    const rules = section.coverage.map((rule) => evaluateRule(rule, scope, facts));
    return { sectionId: section.id, title: section.title, met: rules.every((rule) => rule.met), rules };
  });

  const allCited = new Set(template.sections.flatMap((section) => [...citedIn(section.id)]));
  const entry = template.coverage.map((rule) =>
    evaluateRule(
      rule,
      { testimonials: facts.testimonials, evidence: facts.evidence, citedItemIds: allCited, where: 'entry' },
      facts,
    ),
  );
  return {
    met: entry.every((rule) => rule.met) && sections.every((section) => section.met),
    entry,
    sections,
  };
}

/**
 * The coverage facts of items read from the document, with each
 * testimonial's creator organisation taken from the server's provenance.
 */
export function coverageItems(
  testimonials: readonly Testimonial[],
  evidence: readonly Evidence[],
  provenance: readonly ItemProvenanceDto[],
): Pick<CoverageFacts, 'testimonials' | 'evidence'> {
  const creatorOf = new Map(provenance.map((item) => [item.itemId, item.created?.actor.organisation.id ?? null]));
  return {
    testimonials: testimonials.map((item) => ({
      id: item.id,
      kind: item.kind,
      sectionIds: item.sectionIds,
      personOrganisation: item.personOrganisation,
      creatorOrganisationId: creatorOf.get(item.id) ?? null,
    })),
    evidence: evidence.map((item) => ({
      id: item.id,
      kind: item.kind,
      sectionIds: item.sectionIds,
      baseline: item.baseline,
      result: item.result,
    })),
  };
}
