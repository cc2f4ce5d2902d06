import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CategoryTemplate, categoryTemplateSchema } from './categorySchema.ts';
import { CATEGORY_TEMPLATES, findCategory } from './index.ts';

const CATEGORIES_DIR = fileURLToPath(new URL('../categories/', import.meta.url));

const jsonFiles = readdirSync(CATEGORIES_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort();

function loadFile(name: string): CategoryTemplate {
  const raw: unknown = JSON.parse(readFileSync(join(CATEGORIES_DIR, name), 'utf8'));
  return categoryTemplateSchema.parse(raw);
}

function allRuleIds(template: CategoryTemplate): string[] {
  return [
    ...template.coverage.map((rule) => rule.id),
    ...template.sections.flatMap((section) => section.coverage.map((rule) => rule.id)),
  ];
}

function duplicates(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

describe('category template files', () => {
  it('finds the template files', () => {
    expect(jsonFiles.length).toBeGreaterThan(0);
  });

  it.each(jsonFiles)('%s parses with the schema and is named after its id', (name) => {
    const template = loadFile(name);
    expect(name).toBe(`${template.id}.json`);
  });

  it.each(jsonFiles)('%s is listed in CATEGORY_TEMPLATES', (name) => {
    const template = loadFile(name);
    const listed = findCategory(template.id);
    expect(listed, `${name} is not listed in src/index.ts`).toBeDefined();
    expect(listed).toEqual(template);
  });

  it('lists every template exactly once and nothing that is not a file', () => {
    const ids = CATEGORY_TEMPLATES.map((template) => template.id);
    expect(duplicates(ids)).toEqual([]);
    expect([...ids].sort()).toEqual(jsonFiles.map((name) => name.replace(/\.json$/, '')).sort());
  });

  it.each(jsonFiles)('%s has unique section ids and unique rule ids', (name) => {
    const template = loadFile(name);
    expect(duplicates(template.sections.map((section) => section.id))).toEqual([]);
    expect(duplicates(allRuleIds(template))).toEqual([]);
  });
});

describe('seed templates', () => {
  it('Long Term Partnership has exactly five sections of 400 words', () => {
    const template = findCategory('hsj-partnership-long-term-partnership');
    expect(template).toBeDefined();
    expect(template?.sections).toHaveLength(5);
    for (const section of template?.sections ?? []) {
      expect(section.wordLimit, section.id).toBe(400);
    }
    expect(template?.eligibility).toMatchObject({
      activeWithinMonths: 18,
      evidenceWithinMonths: 24,
      minimumPartnershipYears: 5,
    });
    expect(template?.supportingEvidence).toEqual({
      maxDocuments: 1,
      formats: ['pdf', 'docx'],
      mustBeReferencedFromText: true,
    });
  });

  it('Long Term Partnership asks for NHS staff and patient testimonials, a baseline and a voice from everyone', () => {
    const template = findCategory('hsj-partnership-long-term-partnership');
    const sectionRules = template?.sections.flatMap((section) => section.coverage) ?? [];
    expect(sectionRules).toContainEqual(
      expect.objectContaining({ type: 'testimonialKinds', kinds: expect.arrayContaining(['nhs_staff', 'patient']) }),
    );
    expect(sectionRules.some((rule) => rule.type === 'baselineAndOutcome')).toBe(true);
    expect(template?.coverage.some((rule) => rule.type === 'voiceFromEveryOrganisation')).toBe(true);
  });

  it('Provider Collaboration has five sections, no minimum partnership age and no deadline', () => {
    const template = findCategory('hsj-awards-provider-collaboration');
    expect(template).toBeDefined();
    expect(template?.sections).toHaveLength(5);
    expect(template?.eligibility.minimumPartnershipYears).toBeNull();
    expect(template?.deadline).toBeNull();
  });
});
