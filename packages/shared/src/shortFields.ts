import * as Y from 'yjs';
import { countWords } from './countWords.ts';
import { shortFieldsMapIn } from './documentRead.ts';

/**
 * The award's short fields (issue 17 item 1): a project title and a few
 * single-line answers an award form asks for besides its criteria sections.
 * A category declares them (`shortFields` in its JSON); the entry's document
 * holds each as a `Y.Text` under `shortFields` (documentLayout.ts).
 */
export type ShortFieldRule = {
  id: string;
  label: string;
  /** The most characters the field may hold; the socket refuses a write past it (C-SCHEMA-3). */
  charLimit: number;
  /** A word limit the award sets, if any: checked before submitting, and shown by the counter. */
  wordLimit?: number | undefined;
  required: boolean;
};

/** The most characters any short field may be declared with. */
export const SHORT_FIELD_CHAR_LIMIT_MAX = 2000;
/** The most short fields a category may declare. */
export const SHORT_FIELDS_MAX = 20;

/** Characters a short field holds, as the socket counts them: UTF-16 code units, as Yjs does. */
export function shortFieldLength(text: string): number {
  return text.length;
}

/**
 * Why a value cannot stand for a field at submission, or null when it can: empty while
 * required, over the character or word limit, or holding a line break (single-line fields).
 */
export function shortFieldProblem(field: ShortFieldRule, value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return field.required ? `“${field.label}” is required.` : null;
  if (/[\r\n\u2028\u2029]/u.test(value)) return `“${field.label}” must be a single line.`;
  if (shortFieldLength(value) > field.charLimit)
    return `“${field.label}” has ${shortFieldLength(value)} characters; the limit is ${field.charLimit}.`;
  const words = countWords(value);
  if (field.wordLimit !== undefined && words > field.wordLimit)
    return `“${field.label}” has ${words} words; the limit is ${field.wordLimit}.`;
  return null;
}

/**
 * The short fields' values as written in a document, for the fields declared (in their
 * order; a field never written reads as ""). Anything under `shortFields` that is not a
 * `Y.Text` of a declared field is skipped, as every reader of the document does.
 */
export function readShortFields(
  doc: Y.Doc,
  fields: readonly ShortFieldRule[],
): { field: ShortFieldRule; value: string }[] {
  const map = shortFieldsMapIn(doc);
  return fields.map((field) => {
    const value = map?.get(field.id);
    return { field, value: value instanceof Y.Text ? value.toString() : '' };
  });
}
