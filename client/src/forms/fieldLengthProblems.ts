import { ITEM_FIELD_MAX_CHARS, type ItemCollection } from '@jointly/shared';

/**
 * Form-wide errors for item text fields longer than the document allows
 * (ITEM_FIELD_MAX_CHARS; the server refuses the whole save otherwise), named
 * with the labels the person sees.
 */
export function fieldLengthProblems<C extends ItemCollection>(
  collection: C,
  values: Partial<Record<keyof (typeof ITEM_FIELD_MAX_CHARS)[C], string>>,
  labels: Record<keyof (typeof ITEM_FIELD_MAX_CHARS)[C], string>,
): string[] {
  const limits = ITEM_FIELD_MAX_CHARS[collection] as Record<string, number>;
  const problems: string[] = [];
  for (const [field, value] of Object.entries(values) as [string, string | undefined][]) {
    const max = limits[field];
    if (max === undefined || value === undefined || value.length <= max) continue;
    const label = (labels as Record<string, string>)[field] ?? field;
    problems.push(
      `${label} is too long: it can have up to ${max.toLocaleString('en-GB')} characters, and it has ${value.length.toLocaleString('en-GB')}.`,
    );
  }
  return problems;
}
