import {
  base64ToBytes,
  DELETION_MARK,
  ErrorCode,
  INSERTION_MARK,
  isSuggestionKind,
  sectionCharCount,
  sectionCharLimit,
  sectionFragmentIn,
} from '@jointly/shared';
import * as Y from 'yjs';
import { conflict } from '../http/HttpError.ts';
import { anchorInSection } from '../review/anchorInSection.ts';
import { invalid } from '../review/reviewEntry.ts';

/** Blocks whose text a suggestion may change: one paragraph or heading, as the editor's inline runs. */
const TEXT_BLOCKS = new Set(['paragraph', 'heading']);

export type SuggestedChange = {
  sectionId: string;
  /** Base64 relative positions (as comment anchors), in either order. */
  from: string;
  to: string;
  text: string;
  /** The new suggestion's id, the same on its deletion and its insertion. */
  suggestionId: string;
  /** The section's word limit (C-SCHEMA-3 bounds its characters). */
  wordLimit: number | null;
};

/**
 * Checks a suggested change against the document as it is now and returns
 * the write that makes it (C-SUGGEST-5): the words between the two positions
 * marked `deletion` and the text inserted right after them marked
 * `insertion`, both with one id, keeping the words' other marks. Throws, with
 * nothing changed: 400 when a position is not in the section, the two are not
 * in one run of text of one paragraph or heading, there is nothing to change,
 * or the section would outgrow its limit; 409 when the words overlap a pending
 * suggestion (or, with nothing selected, touch one).
 */
export function planSuggestedChange(doc: Y.Doc, change: SuggestedChange): () => void {
  const { sectionId, text, suggestionId } = change;
  const fragment = sectionFragmentIn(doc, sectionId);
  const start = fragment ? textPosition(doc, sectionId, change.from) : null;
  const end = fragment ? textPosition(doc, sectionId, change.to) : null;
  if (!fragment || !start || !end) throw invalid('from', 'Select the words to change again.');
  if (start.type !== end.type) {
    throw invalid('to', 'Select words within one paragraph: a suggestion changes one paragraph at a time.');
  }
  const ytext = start.type;
  const [from, to] = start.index <= end.index ? [start.index, end.index] : [end.index, start.index];
  if (from === to && text === '') throw invalid('text', 'Select the words to change, or type the words to add.');

  const chars = charAttributes(ytext);
  const touched = from === to ? [chars[from - 1], chars[from]] : chars.slice(from, to);
  if (touched.some((attributes) => attributes !== undefined && Object.keys(attributes).some(isSuggestionKind))) {
    throw conflict(
      ErrorCode.conflict,
      'Those words already have a suggestion waiting. It must be accepted or rejected first.',
    );
  }
  const limit = sectionCharLimit(change.wordLimit);
  if (sectionCharCount(fragment) + text.length > limit) {
    throw invalid('text', `The section is full: it can hold at most ${limit} characters.`);
  }

  // The new words look like the ones they replace (bold stays bold), less any suggestion.
  const kept = { ...(chars[to - 1] ?? chars[to] ?? {}) };
  delete kept[INSERTION_MARK];
  delete kept[DELETION_MARK];
  const mark = { id: suggestionId };
  return () => {
    if (to > from) ytext.format(from, to - from, { [DELETION_MARK]: mark });
    if (text !== '') ytext.insert(to, text, { ...kept, [INSERTION_MARK]: mark });
  };
}

/** Where a position points: an index into a run of text in a paragraph or heading of the section, or null. */
function textPosition(doc: Y.Doc, sectionId: string, encoded: string): { type: Y.XmlText; index: number } | null {
  if (!anchorInSection(doc, sectionId, encoded)) return null;
  const bytes = base64ToBytes(encoded);
  const absolute = bytes && Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(bytes), doc);
  if (!absolute || !(absolute.type instanceof Y.XmlText)) return null;
  const block = absolute.type.parent;
  if (!(block instanceof Y.XmlElement) || !TEXT_BLOCKS.has(block.nodeName)) return null;
  return { type: absolute.type, index: absolute.index };
}

/** The formatting of each character of a run (an embed counts as one). */
function charAttributes(ytext: Y.XmlText): Record<string, unknown>[] {
  const chars: Record<string, unknown>[] = [];
  for (const op of ytext.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    for (let i = 0; i < length; i++) chars.push(op.attributes ?? {});
  }
  return chars;
}
