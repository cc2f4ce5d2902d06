import providerCollaboration from '../categories/hsj-awards-provider-collaboration.json' with { type: 'json' };
import longTermPartnership from '../categories/hsj-partnership-long-term-partnership.json' with { type: 'json' };
import { type CategoryTemplate, categoryTemplateSchema } from './categorySchema.ts';

/**
 * Every category template, validated at load. Adding a category means adding
 * a JSON file to `categories/` and listing it here (a test fails when a file
 * is not listed).
 */
const RAW_TEMPLATES: unknown[] = [longTermPartnership, providerCollaboration];

export const CATEGORY_TEMPLATES: readonly CategoryTemplate[] = RAW_TEMPLATES.map((raw) =>
  categoryTemplateSchema.parse(raw),
);

export function findCategory(categoryId: string): CategoryTemplate | undefined {
  return CATEGORY_TEMPLATES.find((template) => template.id === categoryId);
}

export type { CategoryProblem } from './categoryProblems.ts';
export {
  CUSTOM_CATEGORY_ID_PREFIX,
  CUSTOM_CATEGORY_LIMITS,
  checkCustomCategory,
  formatProblemPath,
  isCustomCategoryId,
} from './categoryProblems.ts';
export type {
  CategoryTemplate,
  CoverageRule,
  EvidenceKind,
  SectionTemplate,
  ShortFieldTemplate,
  TestimonialKind,
} from './categorySchema.ts';
export {
  categoryTemplateSchema,
  coverageRuleSchema,
  EVIDENCE_KINDS,
  sectionTemplateSchema,
  shortFieldSchema,
  TESTIMONIAL_KINDS,
} from './categorySchema.ts';
export type {
  CoverageEvidence,
  CoverageFacts,
  CoverageReport,
  CoverageTestimonial,
  RuleResult,
  SectionCoverage,
} from './coverage.ts';
export { coverageItems, evaluateCoverage } from './coverage.ts';
export type { CategoryListItem, CustomCategoryBody, CustomCategoryDto } from './customCategory.ts';
export { categorySharingBody, customCategoryBody, isCustomCategoryDto } from './customCategory.ts';
export type { EvidenceWindow } from './evidenceWindow.ts';
export { evidenceDateProblem, evidenceWindow } from './evidenceWindow.ts';
