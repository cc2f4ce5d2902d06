import { SHORT_FIELD_CHAR_LIMIT_MAX, type ShortFieldRule } from '@jointly/shared';

/**
 * What an entry's document may hold beyond its sections (C-SCHEMA-2): the
 * sections and their word limits (the map itself, as every write path has
 * always passed them), plus the short fields its category declares (issue 17
 * item 1). Passed wherever the sections map goes, so no caller changes.
 */
export class EntryLayout extends Map<string, number | null> {
  constructor(
    sections: Iterable<readonly [string, number | null]>,
    readonly shortFields: ReadonlyMap<string, ShortFieldRule>,
  ) {
    super(sections);
  }
}

const SHORT_FIELD_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * The character limit of a short field, or null when the entry declares no such field. With no
 * layout at all (tests that accept any well-formed section id) any well-formed field id is taken,
 * at the largest limit a category may declare.
 */
export function shortFieldCharLimit(
  layout: ReadonlyMap<string, number | null> | null,
  fieldId: string | null,
): number | null {
  if (fieldId === null) return null;
  if (layout === null) return SHORT_FIELD_ID_PATTERN.test(fieldId) ? SHORT_FIELD_CHAR_LIMIT_MAX : null;
  if (!(layout instanceof EntryLayout)) return null;
  return layout.shortFields.get(fieldId)?.charLimit ?? null;
}
