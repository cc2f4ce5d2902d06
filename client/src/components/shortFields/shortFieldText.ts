import { SHORT_FIELDS_MAP, shortFieldsMapIn } from '@jointly/shared';
import * as Y from 'yjs';

/**
 * The live binding of a single-line input to a short field's `Y.Text`
 * (issue 17 item 1). An input gives its whole value on every change; we write
 * only what changed (the common start and end kept), so two people typing in
 * one field merge like text in the editor instead of overwriting each other.
 */

/** The field's Y.Text in the document, or null while nobody has written it. */
export function shortFieldTextIn(doc: Y.Doc, fieldId: string): Y.Text | null {
  const value = shortFieldsMapIn(doc)?.get(fieldId);
  return value instanceof Y.Text ? value : null;
}

/** Replaces the field's text with `next`, writing the smallest change; creates the field's Y.Text on first write. */
export function writeShortField(doc: Y.Doc, fieldId: string, next: string): void {
  doc.transact(() => {
    let text = shortFieldTextIn(doc, fieldId);
    if (text === null) {
      text = new Y.Text();
      doc.getMap<unknown>(SHORT_FIELDS_MAP).set(fieldId, text);
    }
    const before = text.toString();
    if (before === next) return;
    let start = 0;
    const shorter = Math.min(before.length, next.length);
    while (start < shorter && before[start] === next[start]) start++;
    let end = 0;
    while (end < shorter - start && before[before.length - 1 - end] === next[next.length - 1 - end]) end++;
    const removed = before.length - start - end;
    if (removed > 0) text.delete(start, removed);
    const inserted = next.slice(start, next.length - end);
    if (inserted !== '') text.insert(start, inserted);
  });
}

/**
 * Where a caret at `position` is after someone else's change (a Y.Text event's delta): pushed on by
 * text inserted before it, pulled back by text deleted before it, so the person keeps typing where they were.
 */
export function mapPosition(
  position: number,
  delta: readonly { retain?: number; insert?: unknown; delete?: number }[],
): number {
  let index = 0;
  let mapped = position;
  // `index` walks the text as it was: a retain or a deletion passes over it, an insertion does not.
  for (const op of delta) {
    if (index > position) break;
    if (op.retain !== undefined) index += op.retain;
    else if (typeof op.insert === 'string') {
      if (index < position) mapped += op.insert.length;
    } else if (op.delete !== undefined) {
      mapped -= Math.min(op.delete, Math.max(0, position - index));
      index += op.delete;
    }
  }
  return Math.max(0, mapped);
}
