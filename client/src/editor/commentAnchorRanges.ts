import { ANCHOR_QUOTE_MAX_CHARS, base64ToBytes, bytesToBase64, type CommentAnchorDto } from '@jointly/shared';
import type { EditorState } from '@tiptap/pm/state';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/*
 * Comment anchors (issue 14 item 2) between the editor and the shared
 * document: a selection becomes two Yjs relative positions (what the server
 * stores), and stored positions become editor ranges again through
 * y-prosemirror's mapping, so a highlight follows its words through everyone's
 * edits. A range whose ends met (its words were deleted) is "text removed".
 */

/** An anchored thread as the editor needs it: its id and its two positions, decoded once. */
export type DecodedAnchor = {
  id: string;
  start: Y.RelativePosition;
  end: Y.RelativePosition;
  /** Followed but not highlighted (a resolved thread: "Show in text" still finds its words). */
  hidden?: boolean;
};

/** Where an anchor's words are in the editor now, or null when they were deleted. */
export type AnchorRange = { from: number; to: number } | null;

/** y-prosemirror's map from shared types to the editor nodes they are shown as. */
type ProsemirrorMapping = Parameters<typeof relativePositionToAbsolutePosition>[3];

type SyncState = {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: ProsemirrorMapping } | null;
};

function syncOf(state: EditorState): SyncState | null {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined;
  return sync?.binding ? sync : null;
}

/** Decodes a thread's stored anchor; null when a position does not decode (then it has no highlight). */
export function decodeAnchor(id: string, anchor: Pick<CommentAnchorDto, 'start' | 'end'>): DecodedAnchor | null {
  const start = base64ToBytes(anchor.start);
  const end = base64ToBytes(anchor.end);
  if (!start || !end) return null;
  try {
    return { id, start: Y.decodeRelativePosition(start), end: Y.decodeRelativePosition(end) };
  } catch {
    return null;
  }
}

/**
 * The range of each anchor in `state`'s document, read from the shared document through the
 * sync plugin's mapping; null before the editor is bound to the document.
 */
export function anchorRanges(state: EditorState, anchors: readonly DecodedAnchor[]): Map<string, AnchorRange> | null {
  const sync = syncOf(state);
  if (!sync) return null;
  const size = state.doc.content.size;
  const ranges = new Map<string, AnchorRange>();
  for (const anchor of anchors) {
    const from = relativePositionToAbsolutePosition(sync.doc, sync.type, anchor.start, sync.binding!.mapping);
    const to = relativePositionToAbsolutePosition(sync.doc, sync.type, anchor.end, sync.binding!.mapping);
    ranges.set(
      anchor.id,
      from === null || to === null || from >= to || to > size ? null : { from: Math.max(0, from), to },
    );
  }
  return ranges;
}

/**
 * The words `from`…`to` as an anchor the server accepts: the start sticks to the first
 * selected character and the end to the last, so text typed just before or just after the
 * words is not taken into the comment; the quote is the selected text, cut at
 * ANCHOR_QUOTE_MAX_CHARS. Null for an empty selection or before the editor is bound.
 */
export function anchorOfRange(state: EditorState, from: number, to: number): CommentAnchorDto | null {
  const sync = syncOf(state);
  if (!sync || from >= to) return null;
  const quote = state.doc.textBetween(from, to, '\n', ' ').replace(/\s+/g, ' ').trim();
  if (quote === '') return null;
  const relative = (pos: number) =>
    absolutePositionToRelativePosition(pos, sync.type, sync.binding!.mapping) as Y.RelativePosition;
  const start = stickRight(relative(from), sync.doc);
  const end = relative(to);
  return {
    start: bytesToBase64(Y.encodeRelativePosition(start)),
    end: bytesToBase64(Y.encodeRelativePosition(end)),
    quote: quote.length > ANCHOR_QUOTE_MAX_CHARS ? `${quote.slice(0, ANCHOR_QUOTE_MAX_CHARS - 1)}…` : quote,
  };
}

/**
 * y-prosemirror's positions in text stick to the character before them; a start
 * should stick to the character after it (its first word), or text typed before
 * the words would join them.
 */
function stickRight(position: Y.RelativePosition, doc: Y.Doc): Y.RelativePosition {
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute || !(absolute.type instanceof Y.XmlText) || absolute.index >= absolute.type.length) return position;
  return Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, 0);
}
