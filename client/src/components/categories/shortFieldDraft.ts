import type { ShortFieldTemplate } from '@jointly/templates';
import { numberOf, slugOf } from './draftText.ts';

/**
 * One of the award's short fields as the category form holds it (issue 17
 * item 1): a project title or a single-line answer. Limits are kept as typed
 * so the server can name what is wrong with them, like the sections' limits.
 */
export type ShortFieldDraft = {
  /** Stable while the form is open, so React keeps each field's inputs as fields are removed. */
  key: number;
  /**
   * The id the entry's document stores the answer under: kept from an imported or stored
   * category (a new version must not orphan answers already written), made from the label
   * for a field added in the form.
   */
  id: string | null;
  label: string;
  charLimit: string;
  wordLimit: string;
  required: boolean;
};

let nextKey = 1;

export function emptyShortField(): ShortFieldDraft {
  return { key: nextKey++, id: null, label: '', charLimit: '150', wordLimit: '', required: true };
}

export function shortFieldDraftOf(field: ShortFieldTemplate): ShortFieldDraft {
  return {
    key: nextKey++,
    id: field.id,
    label: field.label,
    charLimit: String(field.charLimit),
    wordLimit: field.wordLimit === undefined ? '' : String(field.wordLimit),
    required: field.required,
  };
}

/** The fields in the template's format; new ids are unique among the kept ones. */
export function shortFieldsOf(drafts: readonly ShortFieldDraft[]): Record<string, unknown>[] {
  const used = new Set(drafts.flatMap((draft) => (draft.id ? [draft.id] : [])));
  return drafts.map((draft, index) => {
    let id = draft.id;
    if (!id) {
      const base = slugOf(draft.label) || `field-${index + 1}`;
      id = base;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
    }
    const wordLimit = numberOf(draft.wordLimit);
    return {
      id,
      label: draft.label.trim(),
      charLimit: numberOf(draft.charLimit),
      ...(wordLimit === undefined ? {} : { wordLimit }),
      required: draft.required,
    };
  });
}

/** The form field a short field's problem is about (`shortFields[1].charLimit` → `category-short-1-charLimit`). */
export function shortFieldIdOf(path: string): string | null {
  const match = /^shortFields\[(\d+)\]\.(label|charLimit|wordLimit)/.exec(path);
  return match ? `category-short-${match[1]}-${match[2]}` : null;
}
