import type { ActorDto } from './apiTypes.ts';

/**
 * Suggesting mode (issue 14 item 3): a proposed insertion or deletion is a
 * mark on text, `insertion` or `deletion`, whose only attribute is the
 * suggestion's `id` (the names the open-source prosemirror-suggest-changes
 * library uses). Who made a suggestion is never in the document: the server
 * records it from the connection that wrote the mark (COLLAB_PROTOCOL
 * C-SUGGEST-1), so a name or colour a client could write is never believed.
 */

export const INSERTION_MARK = 'insertion';
export const DELETION_MARK = 'deletion';
export const SUGGESTION_MARKS = [INSERTION_MARK, DELETION_MARK] as const;
export type SuggestionKind = (typeof SUGGESTION_MARKS)[number];

/** A suggestion id: made by the writer's editor at random, long enough not to collide offline. */
export const SUGGESTION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function isSuggestionId(value: unknown): value is string {
  return typeof value === 'string' && SUGGESTION_ID_PATTERN.test(value);
}

export function isSuggestionKind(value: unknown): value is SuggestionKind {
  return value === INSERTION_MARK || value === DELETION_MARK;
}

/** A suggestion mark's value in Y.XmlText formatting: exactly `{id}` (null where the mark ends). */
export function isSuggestionMarkValue(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value as object);
  return keys.length === 1 && keys[0] === 'id' && isSuggestionId((value as { id: unknown }).id);
}

/** The suggestion id a mark value carries, or null. */
export function suggestionIdOf(value: unknown): string | null {
  if (value === null || typeof value !== 'object') return null;
  const id = (value as { id?: unknown }).id;
  return isSuggestionId(id) ? id : null;
}

/** A pending suggestion as the server answers it (GET /api/entries/:id/suggestions). */
export type SuggestionDto = {
  id: string;
  sectionId: string;
  kind: SuggestionKind;
  /** Who wrote the mark, as the server recorded it from their connection; null: not recorded (an older write). */
  author: ActorDto | null;
  createdAt: number | null;
  /** The text the suggestion inserts or deletes, as it stands in the document now. */
  text: string;
};

export type SuggestionListDto = { suggestions: SuggestionDto[] };
