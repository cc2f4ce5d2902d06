import type { z } from 'zod';
import { type CategoryTemplate, categoryTemplateSchema } from './categorySchema.ts';

/**
 * Custom categories (issue 17 item 1): a category an organisation makes for an
 * award Jointly does not ship. It is the same JSON as a shipped template,
 * checked by the same schema, plus bounds on its size (a shipped file is
 * reviewed; a custom one comes from anyone). Every problem is reported with
 * its path, as a person would find it in the file: `sections[2].wordLimit`.
 */

/** Every custom category id starts with this; no shipped template's id may (a test says so). */
export const CUSTOM_CATEGORY_ID_PREFIX = 'custom-';

/** Bounds on a custom category, so storing, listing and checking one costs a bounded amount. */
export const CUSTOM_CATEGORY_LIMITS = {
  sections: 20,
  promptsPerSection: 20,
  rulesPerSection: 10,
  entryRules: 10,
  notes: 20,
  /** Characters of any one text (a title, a prompt, a description). */
  textCharacters: 2000,
  /** Words of one section: a generous ceiling, above any award we know of. */
  wordLimit: 5000,
} as const;

export type CategoryProblem = { path: string; message: string };

export function isCustomCategoryId(categoryId: string): boolean {
  return categoryId.startsWith(CUSTOM_CATEGORY_ID_PREFIX);
}

/** `['sections', 2, 'wordLimit']` → `sections[2].wordLimit`. */
export function formatProblemPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** One zod issue in words a person editing the file understands. */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'number') {
        if (Number(issue.minimum) === 0 && !issue.inclusive) return 'must be a positive integer';
        return `must be at least ${issue.minimum}`;
      }
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return `must have at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`;
      return issue.message;
    case 'too_big':
      if (issue.origin === 'number') return `must be at most ${issue.maximum}`;
      return issue.message;
    case 'invalid_format':
      if (issue.format === 'regex') return 'must be lower-case words joined by hyphens';
      if (issue.format === 'datetime') return 'must be a UTC date and time, e.g. 2027-03-01T12:00:00Z, or null';
      return `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'must be one of: testimonialKinds, evidenceKinds, baselineAndOutcome, voiceFromEveryOrganisation, citesExhibit';
    default:
      return issue.message;
  }
}

function problemsOf(error: z.ZodError): CategoryProblem[] {
  const problems: CategoryProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // One line per unknown field, each with its own path.
      for (const key of issue.keys)
        problems.push({ path: formatProblemPath([...issue.path, key]), message: 'is not a field of a category' });
      continue;
    }
    // A rule of an unknown type is reported at its `type`, where the mistake is.
    const path = issue.code === 'invalid_union' && issue.path.at(-1) !== 'type' ? [...issue.path, 'type'] : issue.path;
    problems.push({ path: formatProblemPath(path), message: describeIssue(issue) });
  }
  return problems;
}

function limitProblems(template: CategoryTemplate): CategoryProblem[] {
  const L = CUSTOM_CATEGORY_LIMITS;
  const problems: CategoryProblem[] = [];
  const tooMany = (path: string, count: number, max: number) => {
    if (count > max) problems.push({ path, message: `must have at most ${max} items` });
  };
  const tooLong = (path: string, text: string) => {
    if (text.length > L.textCharacters)
      problems.push({ path, message: `must be at most ${L.textCharacters} characters` });
  };
  tooLong('programme', template.programme);
  tooLong('name', template.name);
  tooLong('description', template.description);
  tooMany('eligibility.notes', template.eligibility.notes.length, L.notes);
  template.eligibility.notes.forEach((note, i) => {
    tooLong(`eligibility.notes[${i}]`, note);
  });
  tooMany('sections', template.sections.length, L.sections);
  tooMany('coverage', template.coverage.length, L.entryRules);
  template.coverage.forEach((rule, i) => {
    tooLong(`coverage[${i}].description`, rule.description);
  });
  template.sections.forEach((section, s) => {
    const at = `sections[${s}]`;
    tooLong(`${at}.title`, section.title);
    tooLong(`${at}.summary`, section.summary);
    tooMany(`${at}.prompts`, section.prompts.length, L.promptsPerSection);
    section.prompts.forEach((prompt, p) => {
      tooLong(`${at}.prompts[${p}]`, prompt);
    });
    if (section.wordLimit > L.wordLimit)
      problems.push({ path: `${at}.wordLimit`, message: `must be at most ${L.wordLimit}` });
    tooMany(`${at}.coverage`, section.coverage.length, L.rulesPerSection);
    section.coverage.forEach((rule, r) => {
      tooLong(`${at}.coverage[${r}].description`, rule.description);
    });
  });
  (template.shortFields ?? []).forEach((field, f) => {
    tooLong(`shortFields[${f}].label`, field.label);
  });
  const ruleIds = [...template.coverage, ...template.sections.flatMap((section) => section.coverage)].map((r) => r.id);
  const duplicate = ruleIds.find((id, i) => ruleIds.indexOf(id) !== i);
  if (duplicate) problems.push({ path: 'coverage', message: `duplicate rule id ${duplicate}` });
  return problems;
}

/**
 * Checks a custom category as it would be stored under `id` (the server gives
 * the id: a file's own id is replaced, so an import never takes a shipped id).
 * Either the template, or every problem found.
 */
export function checkCustomCategory(
  raw: unknown,
  id: string,
): { ok: true; template: CategoryTemplate } | { ok: false; problems: CategoryProblem[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: [{ path: '', message: 'must be a category object' }] };
  }
  // reportInput: an issue then says what was there, telling "missing" from "of the wrong type".
  const result = categoryTemplateSchema.safeParse({ ...raw, id }, { reportInput: true });
  if (!result.success) return { ok: false, problems: problemsOf(result.error) };
  const problems = limitProblems(result.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, template: result.data };
}
