import { checkCustomCategory } from '@jointly/templates';
import { describe, expect, it } from 'vitest';
import { draftOf, emptyDraft, emptySection, fieldIdOf, moveSection, templateOf } from './categoryDraft.ts';
import { emptyShortField, shortFieldDraftOf } from './shortFieldDraft.ts';

function filled() {
  const draft = emptyDraft();
  draft.programme = 'NHS Parliamentary Awards 2027';
  draft.name = 'Excellence in Primary Care';
  draft.description = 'For teams transforming primary care.';
  draft.deadline = '2027-03-01';
  draft.sections = [
    {
      ...emptySection(),
      title: 'What did you do?',
      summary: 'The project.',
      prompts: 'Describe it.\n\nWho led it?',
      wordLimit: '300',
      citesExhibit: true,
    },
    {
      ...emptySection(),
      title: 'What did you do?',
      summary: 'Again.',
      prompts: 'More.',
      wordLimit: '300',
      testimonialKinds: ['patient'],
    },
  ];
  return draft;
}

describe('the category form’s draft', () => {
  it('becomes a template the shipped schema accepts, with unique section and rule ids', () => {
    const result = checkCustomCategory(templateOf(filled()), 'custom-test');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.template.deadline).toBe('2027-03-01T23:59:00Z');
    expect(result.template.sections.map((s) => s.id)).toEqual(['what-did-you-do', 'what-did-you-do-2']);
    expect(result.template.sections[0]?.prompts).toEqual(['Describe it.', 'Who led it?']);
    expect(result.template.sections[0]?.coverage.map((rule) => rule.type)).toEqual(['citesExhibit']);
    // And back into the form unchanged.
    expect(templateOf(draftOf(result.template))).toEqual({ ...templateOf(filled()) });
  });

  it('keeps an imported category’s short fields through the form (issue 17 item 1)', () => {
    const shortFields = [{ id: 'project-title', label: 'Project title', charLimit: 150, required: true }];
    const result = checkCustomCategory({ ...templateOf(filled()), shortFields }, 'custom-test');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(templateOf(draftOf(result.template)).shortFields).toEqual(shortFields);
    expect('shortFields' in templateOf(filled())).toBe(false);
  });

  it('makes short fields added in the form, with ids from their labels that never clash with kept ones', () => {
    const draft = filled();
    draft.shortFields = [
      shortFieldDraftOf({ id: 'project-title', label: 'Title', charLimit: 150, required: true }),
      { ...emptyShortField(), label: 'Project title', charLimit: '120', wordLimit: '20' },
      { ...emptyShortField(), label: ' Lead organisation ', charLimit: '80', required: false },
    ];
    const result = checkCustomCategory(templateOf(draft), 'custom-test');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.template.shortFields).toEqual([
      { id: 'project-title', label: 'Title', charLimit: 150, required: true },
      { id: 'project-title-2', label: 'Project title', charLimit: 120, wordLimit: 20, required: true },
      { id: 'lead-organisation', label: 'Lead organisation', charLimit: 80, required: false },
    ]);
    // Stored and opened again, every field keeps its id (answers already written stay theirs).
    expect(templateOf(draftOf(result.template)).shortFields).toEqual(result.template.shortFields);
  });

  it('sends a short field’s limits as typed, and finds the field of each problem', () => {
    const draft = filled();
    draft.shortFields = [{ ...emptyShortField(), label: '', charLimit: 'long', wordLimit: '0' }];
    const result = checkCustomCategory(templateOf(draft), 'custom-test');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.problems.map((problem) => problem.path);
    expect(paths).toEqual(['shortFields[0].label', 'shortFields[0].charLimit', 'shortFields[0].wordLimit']);
    expect(paths.map(fieldIdOf)).toEqual([
      'category-short-0-label',
      'category-short-0-charLimit',
      'category-short-0-wordLimit',
    ]);
  });

  it('sends what was typed, so the server names each problem', () => {
    const draft = filled();
    draft.sections[1]!.wordLimit = 'lots';
    draft.sections[0]!.wordLimit = '';
    const result = checkCustomCategory(templateOf(draft), 'custom-test');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual([
        { path: 'sections[0].wordLimit', message: 'is required' },
        { path: 'sections[1].wordLimit', message: 'must be a number' },
      ]);
  });

  it('finds the field of a problem', () => {
    expect(fieldIdOf('sections[2].wordLimit')).toBe('category-section-2-wordLimit');
    expect(fieldIdOf('eligibility.activeWithinMonths')).toBe('category-activeWithinMonths');
    expect(fieldIdOf('coverage[0].id')).toBeNull();
  });

  it('moves a section up and down, not past either end', () => {
    const sections = [emptySection(), emptySection(), emptySection()];
    const keys = (list: typeof sections) => list.map((s) => s.key);
    expect(keys(moveSection(sections, 2, -1))).toEqual([sections[0]!.key, sections[2]!.key, sections[1]!.key]);
    expect(keys(moveSection(sections, 0, -1))).toEqual(keys(sections));
    expect(keys(moveSection(sections, 2, 1))).toEqual(keys(sections));
  });
});
