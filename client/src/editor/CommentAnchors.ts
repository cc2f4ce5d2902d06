import { Extension } from '@tiptap/core';
import { type EditorState, Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { type AnchorRange, anchorRanges, type DecodedAnchor } from './commentAnchorRanges.ts';

/** Most anchored threads one section's editor highlights: the mapping walks the document once per anchor end. */
export const MAX_HIGHLIGHTED_ANCHORS = 200;

/** What the page does with the editor's anchors; read on every call, so the page may swap them freely. */
export type CommentAnchorHandlers = {
  /** The ranges changed (an edit moved them, a deletion removed one, new anchors arrived). */
  onRanges?: (ranges: ReadonlyMap<string, AnchorRange>) => void;
  /** A highlight was clicked: the page focuses its thread. */
  onActivate?: (threadId: string) => void;
  /** The "Comment" shortcut was pressed (Ctrl+Alt+M): the page opens the form for the selection. */
  onComment?: () => void;
};

/**
 * The page's handlers, read on every call. A function, not an object: Tiptap's configure()
 * deep-copies plain objects, which would freeze the handlers the page had at creation.
 */
export type CommentAnchorsOptions = { handlers: () => CommentAnchorHandlers };

type AnchorsState = {
  anchors: readonly DecodedAnchor[];
  activeId: string | null;
  /** Null until the editor is bound to the shared document. */
  ranges: ReadonlyMap<string, AnchorRange> | null;
  decorations: DecorationSet;
};

type AnchorsMeta = { anchors?: readonly DecodedAnchor[]; activeId?: string | null };

export const commentAnchorsKey = new PluginKey<AnchorsState>('commentAnchors');

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    commentAnchors: {
      /** The anchored threads to follow (at most MAX_HIGHLIGHTED_ANCHORS); those marked hidden are not highlighted. */
      setCommentAnchors: (anchors: readonly DecodedAnchor[]) => ReturnType;
      /** The thread shown as active: its highlight is drawn linked to it. */
      setActiveCommentAnchor: (threadId: string | null) => ReturnType;
    };
  }
}

function decorate(
  state: EditorState,
  anchors: readonly DecodedAnchor[],
  ranges: ReadonlyMap<string, AnchorRange> | null,
  activeId: string | null,
) {
  if (!ranges) return DecorationSet.empty;
  const hidden = new Set(anchors.filter((anchor) => anchor.hidden).map((anchor) => anchor.id));
  const decorations: Decoration[] = [];
  for (const [id, range] of ranges) {
    if (!range || hidden.has(id)) continue;
    const active = id === activeId;
    decorations.push(
      Decoration.inline(
        range.from,
        range.to,
        {
          class: active ? 'jointly-anchor jointly-anchor--active' : 'jointly-anchor',
          'data-comment-thread': id,
        },
        { threadId: id },
      ),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

/** Ranges moved through a local edit's steps: the shared document and mapping catch up only after it applied. */
function mapRanges(ranges: ReadonlyMap<string, AnchorRange>, tr: Transaction): Map<string, AnchorRange> {
  const mapped = new Map<string, AnchorRange>();
  for (const [id, range] of ranges) {
    if (!range) {
      mapped.set(id, null);
      continue;
    }
    const from = tr.mapping.map(range.from, 1);
    const to = tr.mapping.map(range.to, -1);
    mapped.set(id, from < to ? { from, to } : null);
  }
  return mapped;
}

const sameRanges = (a: ReadonlyMap<string, AnchorRange> | null, b: ReadonlyMap<string, AnchorRange> | null) =>
  a !== null &&
  b !== null &&
  a.size === b.size &&
  [...a].every(([id, range]) => {
    const other = b.get(id);
    return (
      other !== undefined && (range === null ? other === null : other?.from === range.from && other.to === range.to)
    );
  });

/**
 * Highlights the words comment threads are anchored to (issue 14 item 2) and
 * keeps them on those words as everyone edits: the ranges are read again from
 * the Yjs relative positions on every change that comes from the shared
 * document, and moved through the steps of local edits. Clicking a highlight
 * activates its thread; Ctrl+Alt+M asks the page to comment on the selection.
 */
export const CommentAnchors = Extension.create<CommentAnchorsOptions>({
  name: 'commentAnchors',

  addOptions() {
    return { handlers: () => ({}) };
  },

  addCommands() {
    return {
      setCommentAnchors:
        (anchors) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(commentAnchorsKey, { anchors: anchors.slice(0, MAX_HIGHLIGHTED_ANCHORS) });
          return true;
        },
      setActiveCommentAnchor:
        (threadId) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(commentAnchorsKey, { activeId: threadId });
          return true;
        },
    };
  },

  addKeyboardShortcuts() {
    return {
      'Mod-Alt-m': () => {
        const onComment = this.options.handlers().onComment;
        if (!onComment) return false;
        onComment();
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    const handlers = this.options.handlers;
    return [
      new Plugin<AnchorsState>({
        key: commentAnchorsKey,
        state: {
          init: () => ({ anchors: [], activeId: null, ranges: null, decorations: DecorationSet.empty }),
          apply(tr, value, _old, state): AnchorsState {
            const meta = tr.getMeta(commentAnchorsKey) as AnchorsMeta | undefined;
            const anchors = meta?.anchors ?? value.anchors;
            const activeId = meta?.activeId !== undefined ? meta.activeId : value.activeId;
            let ranges = value.ranges;
            if (meta?.anchors || tr.getMeta(ySyncPluginKey) !== undefined || ranges === null) {
              // From the shared document (a remote edit, the binding, new anchors): read the positions again.
              const read = anchorRanges(state, anchors);
              ranges = sameRanges(read, ranges) ? ranges : read;
            } else if (tr.docChanged) {
              ranges = mapRanges(ranges, tr);
            }
            if (ranges === value.ranges && activeId === value.activeId && anchors === value.anchors) return value;
            return { anchors, activeId, ranges, decorations: decorate(state, anchors, ranges, activeId) };
          },
        },
        props: {
          decorations: (state) => commentAnchorsKey.getState(state)?.decorations,
          handleClick(view, pos) {
            const found = commentAnchorsKey.getState(view.state)?.decorations.find(pos, pos);
            const threadId = (found?.[0]?.spec as { threadId?: string } | undefined)?.threadId;
            if (!threadId) return false;
            handlers().onActivate?.(threadId);
            return false;
          },
        },
        view: () => {
          let last: ReadonlyMap<string, AnchorRange> | null = null;
          return {
            update(view) {
              const ranges = commentAnchorsKey.getState(view.state)?.ranges ?? null;
              if (ranges === null || ranges === last) return;
              last = ranges;
              handlers().onRanges?.(ranges);
            },
          };
        },
      }),
    ];
  },
});
