import * as Y from 'yjs';
import { isTextInsert, sectionFragmentIn, xmlChildren } from './documentRead.ts';
import { DELETION_MARK, INSERTION_MARK, type SuggestionKind, suggestionIdOf } from './suggestions.ts';

/** A suggestion as the document holds it: its id, section, kind and the text it covers now. */
export type DocumentSuggestion = { id: string; sectionId: string; kind: SuggestionKind; text: string };

/** Most characters of a suggestion's text kept for a list (the document holds the rest). */
const SUGGESTION_TEXT_MAX = 500;

/**
 * The pending suggestions of the listed sections, in document order: one per
 * (id, kind), its text joined across the runs that carry the mark. A
 * suggestion whose text is gone (deleted by another edit) is not pending.
 */
export function readSuggestions(doc: Y.Doc, sectionIds: readonly string[]): DocumentSuggestion[] {
  const found = new Map<string, DocumentSuggestion>();
  for (const sectionId of sectionIds) {
    const fragment = sectionFragmentIn(doc, sectionId);
    if (!fragment) continue;
    const walk = (node: Y.XmlFragment | Y.XmlElement, depth: number) => {
      for (const child of xmlChildren(node, depth)) {
        if (!(child instanceof Y.XmlText)) {
          walk(child, depth + 1);
          continue;
        }
        for (const op of child.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
          if (!isTextInsert(op.insert) || !op.attributes) continue;
          for (const kind of [INSERTION_MARK, DELETION_MARK] as const) {
            const id = suggestionIdOf(op.attributes[kind]);
            if (id === null) continue;
            const key = `${kind}\u0000${id}`;
            const piece = typeof op.insert === 'string' ? op.insert : '';
            const existing = found.get(key);
            if (existing) {
              if (existing.text.length < SUGGESTION_TEXT_MAX)
                existing.text = (existing.text + piece).slice(0, SUGGESTION_TEXT_MAX);
            } else {
              found.set(key, { id, sectionId, kind, text: piece.slice(0, SUGGESTION_TEXT_MAX) });
            }
          }
        }
      }
    };
    walk(fragment, 0);
  }
  return [...found.values()];
}

/** Whether a section holds any pending suggestion. */
export function sectionHasSuggestions(doc: Y.Doc, sectionId: string): boolean {
  return readSuggestions(doc, [sectionId]).length > 0;
}
