import { checkCustomCategory } from '@jointly/templates';
import { describe, expect, it } from 'vitest';
import { draftOf, emptyDraft, emptySection, fieldIdOf, moveSection, templateOf } from './categoryDraft.ts';

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
