import { emptyEvidence, emptyTestimonial, type ItemProvenanceDto } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import { type CategoryTemplate, type CoverageRule, categoryTemplateSchema } from './categorySchema.ts';
import {
  type CoverageEvidence,
  type CoverageFacts,
  type CoverageTestimonial,
  coverageItems,
  evaluateCoverage,
} from './coverage.ts';
import { findCategory } from './index.ts';

/** A one-section template with the given rules, for the section and for the entry. */
function templateWith(sectionRules: CoverageRule[], entryRules: CoverageRule[] = []): CategoryTemplate {
  return categoryTemplateSchema.parse({
    id: 'test-category',
    programme: 'Test Awards',
    name: 'Test',
    description: 'A test category.',
    deadline: null,
    eligibility: { activeWithinMonths: 18, evidenceWithinMonths: 24, minimumPartnershipYears: null, notes: [] },
    supportingEvidence: { maxDocuments: 1, formats: ['pdf'], mustBeReferencedFromText: true },
    sections: [
      {
        id: 'results',
        title: 'Results',
        summary: 'What changed.',
        prompts: ['What?'],
        wordLimit: 400,
        coverage: sectionRules,
      },
      { id: 'other', title: 'Other', summary: 'Other things.', prompts: ['Else?'], wordLimit: 400, coverage: [] },
    ],
    coverage: entryRules,
  });
}

const ORGS = [
  { id: 'org-trust', name: 'Leeds Teaching Hospitals NHS Trust' },
  { id: 'org-acme', name: 'Acme Health Ltd' },
];

function facts(partial: Partial<CoverageFacts>): CoverageFacts {
  return { testimonials: [], evidence: [], citations: {}, organisations: ORGS, ...partial };
}

function testimonial(partial: Partial<CoverageTestimonial>): CoverageTestimonial {
  return { id: 't1', kind: 'other', sectionIds: [], personOrganisation: '', creatorOrganisationId: null, ...partial };
}

function evidence(partial: Partial<CoverageEvidence>): CoverageEvidence {
  return { id: 'e1', kind: 'other', sectionIds: [], baseline: '', result: '', ...partial };
}

const describeRule = { description: 'A rule.' };

describe('testimonialKinds', () => {
  const template = templateWith([
    { id: 'voices', type: 'testimonialKinds', kinds: ['nhs_staff', 'patient'], ...describeRule },
  ]);

  it('is missing each kind without a testimonial linked to the section', () => {
    const report = evaluateCoverage(
      template,
      facts({
        testimonials: [
          testimonial({ kind: 'patient', sectionIds: ['results'] }),
          testimonial({ id: 't2', kind: 'nhs_staff', sectionIds: ['other'] }),
        ],
      }),
    );
    const [rule] = report.sections[0]?.rules ?? [];
    expect(rule?.met).toBe(false);
    expect(rule?.missing).toBe('a testimonial from NHS staff linked to this section');
    expect(report.met).toBe(false);
  });

  it('is met when every kind is linked, or cited in the section text', () => {
    const report = evaluateCoverage(
      template,
      facts({
        testimonials: [
          testimonial({ kind: 'patient', sectionIds: ['results'] }),
          testimonial({ id: 't2', kind: 'nhs_staff' }),
        ],
        citations: { results: ['t2'] },
      }),
    );
    expect(report.sections[0]?.rules[0]).toMatchObject({ met: true, missing: null });
    expect(report.met).toBe(true);
  });

  it('names every missing kind', () => {
    const report = evaluateCoverage(template, facts({}));
    expect(report.sections[0]?.rules[0]?.missing).toBe(
      'testimonials from NHS staff and a patient linked to this section',
    );
  });
});

describe('evidenceKinds', () => {
  const template = templateWith([
    { id: 'kinds', type: 'evidenceKinds', kinds: ['financial', 'metric'], ...describeRule },
  ]);

  it('needs one item of any listed kind', () => {
    expect(
      evaluateCoverage(template, facts({ evidence: [evidence({ kind: 'qualitative', sectionIds: ['results'] })] }))
        .sections[0]?.rules[0]?.missing,
    ).toBe('financial or metric evidence linked to this section');
    expect(
      evaluateCoverage(template, facts({ evidence: [evidence({ kind: 'metric', sectionIds: ['results'] })] }))
        .sections[0]?.rules[0]?.met,
    ).toBe(true);
  });
});

describe('baselineAndOutcome', () => {
  const template = templateWith([{ id: 'measures', type: 'baselineAndOutcome', ...describeRule }]);

  it('needs one evidence item with both a baseline and a result', () => {
    const half = evidence({ sectionIds: ['results'], baseline: '12%', result: ' ' });
    expect(evaluateCoverage(template, facts({ evidence: [half] })).sections[0]?.rules[0]?.missing).toBe(
      'evidence linked to this section with both a baseline and a result',
    );
    const whole = evidence({ id: 'e2', sectionIds: ['results'], baseline: '12%', result: '4%' });
    expect(evaluateCoverage(template, facts({ evidence: [half, whole] })).sections[0]?.rules[0]?.met).toBe(true);
  });
});

describe('voiceFromEveryOrganisation', () => {
  const template = templateWith([], [{ id: 'voices', type: 'voiceFromEveryOrganisation', ...describeRule }]);

  it('names the organisations nobody has been heard from', () => {
    const report = evaluateCoverage(
      template,
      facts({ testimonials: [testimonial({ creatorOrganisationId: 'org-trust' })] }),
    );
    expect(report.entry[0]).toMatchObject({ met: false, missing: 'a testimonial from (or added by) Acme Health Ltd' });
  });

  it('counts a testimonial created by someone of the organisation, or naming it', () => {
    const report = evaluateCoverage(
      template,
      facts({
        testimonials: [
          testimonial({ creatorOrganisationId: 'org-trust' }),
          testimonial({ id: 't2', personOrganisation: 'acme health ltd.' }),
        ],
      }),
    );
    expect(report.entry[0]?.met).toBe(true);
    const byRole = evaluateCoverage(
      template,
      facts({
        testimonials: [
          testimonial({ personOrganisation: 'Cardiology, Leeds Teaching Hospitals NHS Trust' }),
          testimonial({ id: 't2', personOrganisation: 'Acme' }),
        ],
      }),
    );
    expect(byRole.entry[0]?.missing).toBe('a testimonial from (or added by) Acme Health Ltd');
  });
});

describe('citesExhibit', () => {
  const template = templateWith(
    [{ id: 'cites', type: 'citesExhibit', ...describeRule }],
    [{ id: 'entry-cites', type: 'citesExhibit', ...describeRule }],
  );

  it('needs the section text to cite an item that exists', () => {
    const missing = evaluateCoverage(template, facts({ citations: { results: ['deleted1'] } }));
    expect(missing.sections[0]?.rules[0]?.missing).toBe('a citation of an exhibit in this section’s text');
    expect(missing.entry[0]?.missing).toBe('a citation of an exhibit in the text of any section');
    const cited = evaluateCoverage(template, facts({ evidence: [evidence({})], citations: { results: ['e1'] } }));
    expect(cited.sections[0]?.rules[0]?.met).toBe(true);
    expect(cited.entry[0]?.met).toBe(true);
    expect(cited.met).toBe(true);
  });
});

describe('evaluateCoverage on the seed templates', () => {
  it('reports every rule of every section, none met for an empty entry', () => {
    const template = findCategory('hsj-partnership-long-term-partnership');
    if (!template) throw new Error('seed template missing');
    const report = evaluateCoverage(template, facts({}));
    expect(report.sections.map((section) => section.sectionId)).toEqual(template.sections.map((section) => section.id));
    expect(report.sections.flatMap((section) => section.rules).every((rule) => !rule.met && rule.missing)).toBe(true);
    expect(report.entry.map((rule) => rule.ruleId)).toEqual(['entry-voice-from-every-organisation']);
  });
});

describe('coverageItems', () => {
  it('takes each testimonial’s creator organisation from provenance', () => {
    const created: ItemProvenanceDto = {
      itemId: 'item00001',
      collection: 'testimonials',
      label: 'E1',
      created: {
        actor: { userId: 'u1', name: 'Ada', organisation: { id: 'org-acme', name: 'Acme Health Ltd' } },
        at: '2025-01-01T00:00:00Z',
      },
      changes: [],
      deleted: null,
    };
    const items = coverageItems(
      [
        { ...emptyTestimonial(), id: 'item00001' },
        { ...emptyTestimonial(), id: 'item00002' },
      ],
      [{ ...emptyEvidence(), id: 'item00003', baseline: '1', result: '2' }],
      [created],
    );
    expect(items.testimonials.map((item) => item.creatorOrganisationId)).toEqual(['org-acme', null]);
    expect(items.evidence[0]).toMatchObject({ baseline: '1', result: '2' });
  });
});
