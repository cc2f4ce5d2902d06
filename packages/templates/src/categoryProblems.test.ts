import { describe, expect, it } from 'vitest';
import { CUSTOM_CATEGORY_ID_PREFIX, checkCustomCategory, formatProblemPath } from './categoryProblems.ts';
import { CATEGORY_TEMPLATES, findCategory } from './index.ts';

const ID = `${CUSTOM_CATEGORY_ID_PREFIX}abc123`;

function shipped() {
  const template = findCategory('hsj-partnership-long-term-partnership');
  if (!template) throw new Error('seed template missing');
  return structuredClone(template);
}

describe('custom categories', () => {
  it('no shipped template id starts with the custom prefix', () => {
    for (const template of CATEGORY_TEMPLATES) expect(template.id.startsWith(CUSTOM_CATEGORY_ID_PREFIX)).toBe(false);
  });

  it('accepts a shipped file and gives it the id it is stored under', () => {
    const result = checkCustomCategory(shipped(), ID);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.template.id).toBe(ID);
  });

  it('answers every problem with its path', () => {
    const raw: Record<string, unknown> = { ...shipped(), name: '', colour: 'blue' };
    const sections = raw.sections as Record<string, unknown>[];
    sections[2] = { ...sections[2], wordLimit: -5 };
    sections[0] = { ...sections[0], prompts: [] };
    (sections[1]!.coverage as unknown[]).push({ id: 'x', type: 'nonsense', description: 'd' });
    delete raw.programme;
    raw.deadline = 'next spring';
    const result = checkCustomCategory(raw, ID);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { path: 'programme', message: 'is required' },
        { path: 'name', message: 'must not be empty' },
        { path: 'colour', message: 'is not a field of a category' },
        { path: 'deadline', message: expect.stringContaining('UTC date and time') },
        { path: 'sections[0].prompts', message: 'must have at least 1 item' },
        { path: 'sections[2].wordLimit', message: 'must be a positive integer' },
        {
          path: `sections[1].coverage[${(sections[1]!.coverage as unknown[]).length - 1}].type`,
          message: expect.stringContaining('must be one of'),
        },
      ]),
    );
    expect(result.problems).toHaveLength(7);
  });

  it('bounds the size of a custom category', () => {
    const raw = shipped();
    raw.sections = Array.from({ length: 21 }, (_, i) => ({ ...raw.sections[0]!, id: `s${i}`, coverage: [] }));
    raw.sections[3]!.wordLimit = 9000;
    const result = checkCustomCategory(raw, ID);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual(
        expect.arrayContaining([
          { path: 'sections', message: 'must have at most 20 items' },
          { path: 'sections[3].wordLimit', message: 'must be at most 5000' },
        ]),
      );
  });

  it('refuses what is not an object', () => {
    expect(checkCustomCategory([], ID)).toEqual({
      ok: false,
      problems: [{ path: '', message: 'must be a category object' }],
    });
  });

  it('formats paths as a person reads them', () => {
    expect(formatProblemPath(['sections', 2, 'coverage', 0, 'kinds', 1])).toBe('sections[2].coverage[0].kinds[1]');
  });

  it('checks the award’s short fields (issue 17 item 1): each problem at its path', () => {
    expect(shipped().shortFields?.map((field) => field.id)).toContain('project-title');
    const raw: Record<string, unknown> = {
      ...shipped(),
      shortFields: [
        { id: 'title', label: 'Title', charLimit: 100, required: true },
        { id: 'title', label: 'Again', charLimit: 0, required: 'yes' },
        { id: 'Bad Id', label: '', charLimit: 5000, wordLimit: 1.5, required: false, colour: 'red' },
      ],
    };
    const result = checkCustomCategory(raw, ID);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { path: 'shortFields[1].charLimit', message: 'must be a positive integer' },
        { path: 'shortFields[1].required', message: 'must be true or false' },
        { path: 'shortFields[2].id', message: 'must be lower-case words joined by hyphens' },
        { path: 'shortFields[2].label', message: 'must not be empty' },
        { path: 'shortFields[2].charLimit', message: 'must be at most 2000' },
        { path: 'shortFields[2].wordLimit', message: 'must be a whole number' },
        { path: 'shortFields[2].colour', message: 'is not a field of a category' },
      ]),
    );
    const duplicate = checkCustomCategory(
      {
        ...shipped(),
        shortFields: [
          { id: 'title', label: 'Title', charLimit: 100, required: true },
          { id: 'title', label: 'Again', charLimit: 9, required: true },
        ],
      },
      ID,
    );
    expect(duplicate.ok ? [] : duplicate.problems).toEqual([
      { path: 'shortFields[1].id', message: 'duplicate short field id title' },
    ]);
  });
});
