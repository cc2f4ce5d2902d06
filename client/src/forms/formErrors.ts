import type { ZodType } from 'zod';
import { ApiError, type FieldIssue } from '../api/ApiError.ts';
import type { ErrorSummaryItem } from '../components/fields/ErrorSummary.tsx';

/** A form's errors: one message per field, plus messages about the whole form. */
export type FormErrors<Field extends string> = {
  fields: Partial<Record<Field, string>>;
  form: string[];
};

export function noErrors<Field extends string>(): FormErrors<Field> {
  return { fields: {}, form: [] };
}

export function hasErrors(errors: FormErrors<string>): boolean {
  return errors.form.length > 0 || Object.keys(errors.fields).length > 0;
}

/**
 * Sorts issues onto fields. An issue's path may be "email", "body.email" or
 * "/email": the first segment naming a known field wins; anything else is
 * about the whole form. Only the first message per field is kept.
 */
export function errorsFromIssues<Field extends string>(
  issues: readonly FieldIssue[],
  fields: readonly Field[],
): FormErrors<Field> {
  const errors = noErrors<Field>();
  for (const issue of issues) {
    const segments = issue.path.split(/[./[\]]+/).filter(Boolean);
    const field = segments.find((segment): segment is Field => (fields as readonly string[]).includes(segment));
    if (field === undefined) {
      if (!errors.form.includes(issue.message)) errors.form.push(issue.message);
    } else if (errors.fields[field] === undefined) {
      errors.fields[field] = issue.message;
    }
  }
  return errors;
}

/** Validates form values with a shared request schema (the same one the server uses). */
export function validateWith<Field extends string>(
  schema: ZodType,
  values: unknown,
  fields: readonly Field[],
): FormErrors<Field> {
  const result = schema.safeParse(values);
  if (result.success) return noErrors();
  return errorsFromIssues(
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    fields,
  );
}

/** Turns a failed request into form errors: field issues next to fields, the server's message on top. */
export function errorsFromFailure<Field extends string>(error: unknown, fields: readonly Field[]): FormErrors<Field> {
  if (!(error instanceof ApiError)) {
    return { fields: {}, form: ['Something went wrong. Try again.'] };
  }
  const errors = errorsFromIssues(error.issues, fields);
  if (errors.form.length === 0 && Object.keys(errors.fields).length === 0) errors.form.push(error.message);
  return errors;
}

/** The error summary's list: field errors in the order the fields appear, then form-wide ones. */
export function summaryItems<Field extends string>(
  errors: FormErrors<Field>,
  fieldOrder: readonly Field[],
  fieldId: (field: Field) => string = (field) => field,
): ErrorSummaryItem[] {
  const items: ErrorSummaryItem[] = errors.form.map((message) => ({ fieldId: null, message }));
  for (const field of fieldOrder) {
    const message = errors.fields[field];
    if (message) items.push({ fieldId: fieldId(field), message });
  }
  return items;
}
