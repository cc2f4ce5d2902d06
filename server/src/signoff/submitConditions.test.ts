import { emptyTestimonial } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import {
  approvalIssues,
  citationIssues,
  consentIssues,
  coverageIssues,
  endorsementIssues,
  evidenceDateIssues,
  wordLimitIssues,
} from './submitConditions.ts';

/** I12-4: each submit condition (S-SUBMIT-1) as a pure check, tested alone. */
const sections = [
  { id: 'intro', title: 'Intro', wordLimit: 10 },
  { id: 'results', title: 'Results', wordLimit: 5 },
] as Parameters<typeof approvalIssues>[0];

describe('submit conditions', () => {
  it('I12-4: approvalIssues: not approved, changed since approved, or current', () => {
    const reads = new Map([
      ['intro', { hash: 'h1' }],
      ['results', { hash: 'h2' }],
    ]);
    expect(approvalIssues(sections, reads, new Map([['intro', { contentHash: 'h1' }]]))).toEqual([
      { path: 'sections.results.approval', message: '“Results” has not been approved.' },
    ]);
    expect(
      approvalIssues(
        sections,
        reads,
        new Map([
          ['intro', { contentHash: 'old' }],
          ['results', { contentHash: 'h2' }],
        ]),
      ),
    ).toEqual([{ path: 'sections.intro.approval', message: '“Intro” has changed since it was approved.' }]);
  });

  it('I12-4: wordLimitIssues: only a section over its limit', () => {
    const reads = new Map([
      ['intro', { words: 10 }],
      ['results', { words: 6 }],
    ]);
    expect(wordLimitIssues(sections, reads)).toEqual([
      { path: 'sections.results.words', message: '“Results” has 6 words; the limit is 5.' },
    ]);
  });

  it('I12-4: coverageIssues: unmet entry and section rules, met ones left out', () => {
    const coverage = {
      entry: [
        { ruleId: 'orgs', description: 'Every partner is quoted.', missing: 'North Trust', met: false },
        { ruleId: 'ok', description: 'Fine.', missing: '', met: true },
      ],
      sections: [
        {
          sectionId: 'results',
          title: 'Results',
          rules: [{ ruleId: 'metric', description: 'A metric is cited.', missing: 'a metric', met: false }],
        },
      ],
    } as unknown as Parameters<typeof coverageIssues>[0];
    expect(coverageIssues(coverage)).toEqual([
      { path: 'coverage.orgs', message: 'Every partner is quoted. Missing: North Trust.' },
      { path: 'coverage.results.metric', message: '“Results”: A metric is cited. Missing: a metric.' },
    ]);
  });

  it('I12-4: consentIssues: a testimonial without consent is named, or called “a testimonial”; one with full consent passes', () => {
    const unconsented = { ...emptyTestimonial(), kind: 'patient' as const, id: 'testimonyA1', personName: '  ' };
    expect(consentIssues([unconsented])).toEqual([
      {
        path: 'testimonials.testimonyA1.consent',
        message: 'Consent for a testimonial: Consent has not been recorded as obtained.',
      },
    ]);
    const named = { ...unconsented, id: 'testimonyA2', personName: 'Ada' };
    expect(consentIssues([named])[0]?.message).toMatch(/^Consent for Ada: /);
    const consented = {
      ...named,
      consent: { obtained: true, date: '2024-02-14', howRecorded: 'Signed form', uses: ['judging'] },
    } as typeof named;
    expect(consentIssues([consented])).toEqual([]);
  });

  it('I12-4: endorsementIssues: none, an earlier version, no lead (S-ENDORSE-3), or current', () => {
    const organisations = [
      { id: 'o1', name: 'North Trust' },
      { id: 'o2', name: 'South Council' },
      { id: 'o3', name: 'East Charity' },
      { id: 'o4', name: 'West Ltd' },
    ];
    const endorsements = [
      { organisation: { id: 'o2' }, current: false },
      { organisation: { id: 'o4' }, current: true },
    ];
    expect(endorsementIssues(organisations, endorsements, new Set(['o3', 'o4']))).toEqual([
      { path: 'endorsements.o1', message: 'North Trust has not endorsed the entry.' },
      {
        path: 'endorsements.o2',
        message: 'South Council endorsed an earlier version; the entry has changed since.',
      },
      {
        path: 'endorsements.o3',
        message:
          'East Charity has no lead on this entry, so it cannot endorse. Make someone from East Charity a lead to endorse for it.',
      },
    ]);
  });

  it('I12-4: citationIssues: a deleted exhibit by its label, a typed label no exhibit has, an unknown id', () => {
    const report = {
      broken: [
        { sectionId: 'intro', itemId: 'item1', reason: 'deleted' },
        { sectionId: 'results', itemId: '', reason: 'missing', label: 'E9' },
        { sectionId: 'gone', itemId: 'item3', reason: 'missing' },
      ],
    } as unknown as Parameters<typeof citationIssues>[1];
    expect(citationIssues(sections, report, new Map([['item1', 'E2']]))).toEqual([
      { path: 'sections.intro.citations', message: '“Intro” cites E2 which has been deleted.' },
      { path: 'sections.results.citations', message: '“Results” cites E9, but no exhibit has that label.' },
      { path: 'sections.gone.citations', message: '“gone” cites an exhibit that does not exist.' },
    ]);
  });

  it('I13: evidenceDateIssues: an item dated outside the window is named with its label; undated and inside pass', () => {
    const window = { from: '2024-05-15', to: '2026-05-15', reference: 'deadline' as const, months: 24 };
    const evidence = [
      { id: 'evidenceOld1', title: 'Old audit', date: '2023-01-31' },
      { id: 'evidenceOk01', title: 'New audit', date: '2025-01-31' },
      { id: 'evidenceNone', title: '', date: '' },
      { id: 'evidenceLate', title: ' ', date: '2026-06-01' },
    ];
    expect(evidenceDateIssues(evidence, window, new Map([['evidenceOld1', 'E3']]))).toEqual([
      {
        path: 'evidence.evidenceOld1.date',
        message:
          'Evidence E3 “Old audit”: Dated 31 January 2023, more than 24 months before the entry deadline (15 May 2026): the category counts evidence dated from 15 May 2024.',
      },
      {
        path: 'evidence.evidenceLate.date',
        message: 'Evidence “Untitled evidence”: Dated 1 June 2026, after the entry deadline (15 May 2026).',
      },
    ]);
  });
});
