import {
  CITATION_ATOM_TEXT,
  CITATION_ITEM_ID_ATTRIBUTE,
  CITATION_NODE,
  findChipReferences,
  findTypedReferences,
} from '@jointly/shared';
import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ExhibitDirectory } from './ExhibitDirectory.ts';
import { isFromSharedDocument } from './SectionSizeLimit.ts';

export type TypedCitationsOptions = {
  /** Which labels exist; typed references are shown only once it knows the server's labels. */
  exhibits: ExhibitDirectory;
};

const typedCitationsKey = new PluginKey<DecorationSet>('typedCitations');

/**
 * The text of a text block with each inline leaf as one character, so an
 * offset in it is an offset in the block's content: a citation chip as
 * CITATION_ATOM_TEXT (as the checks read it: no reference reaches across a
 * chip), a line break as a newline (nor across a line).
 */
function blockText(block: ProseMirrorNode): string {
  let text = '';
  block.forEach((child) => {
    if (child.isText) text += child.text ?? '';
    else text += child.type.name === 'hardBreak' ? '\n' : CITATION_ATOM_TEXT;
  });
  return text;
}

/**
 * Highlights for the references typed as text ("see E4", "(E4)", "E4–E6"):
 * one to a live exhibit is marked as counted; one to a label no exhibit has
 * is flagged as a citation chip of a missing exhibit is.
 */
export function typedCitationDecorations(doc: ProseMirrorNode, exhibits: ExhibitDirectory): DecorationSet {
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    // One highlight per stretch of text that refers: a range ("E4–E6") is one, with every label in it.
    const spans: { start: number; end: number; live: string[]; missing: string[] }[] = [];
    for (const reference of findTypedReferences(blockText(node))) {
      const status = exhibits.labelStatus(reference.label);
      if (status === 'unknown') continue;
      let span = spans.at(-1);
      if (!span || reference.start >= span.end) {
        span = { start: reference.start, end: reference.end, live: [], missing: [] };
        spans.push(span);
      }
      span.end = Math.max(span.end, reference.end);
      span[status].push(reference.label);
    }
    for (const span of spans) {
      const from = pos + 1 + span.start;
      const to = pos + 1 + span.end;
      decorations.push(
        span.missing.length > 0
          ? Decoration.inline(from, to, {
              class: 'jointly-citation--missing',
              title: `No exhibit has the label ${span.missing.join(', ')}`,
            })
          : Decoration.inline(from, to, {
              class: 'jointly-typed-citation',
              title: `Counted as a citation of ${span.live.join(', ')}`,
            }),
      );
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

/** What ends a typed "see E4": typing "see E1" may yet become "see E12". */
const FINISHED_BY = /^[\s.,;:!?)\]'"\u2019\u201d]/u;

/**
 * This person's typing or paste with each finished "see E4" it touched, of a
 * live exhibit, replaced by the citation chip (which reads the same, "see
 * E4", and follows a relabel); null when there is none. Only "see E4" alone:
 * other forms would read differently as chips, and count as they are. Never
 * for what comes from the shared document, so a reference becomes a chip
 * once, in the browser of the person who typed it.
 */
export function chipsForTypedReferences(
  transactions: readonly Transaction[],
  oldState: EditorState,
  newState: EditorState,
  exhibits: ExhibitDirectory,
): Transaction | null {
  if (!transactions.some((tr) => tr.docChanged) || transactions.some(isFromSharedDocument)) return null;
  const citation = newState.schema.nodes[CITATION_NODE];
  const from = oldState.doc.content.findDiffStart(newState.doc.content);
  if (!citation || from === null) return null;
  const to = Math.max(from, oldState.doc.content.findDiffEnd(newState.doc.content)?.b ?? from);
  const pasted = transactions.some((tr) => ['paste', 'drop'].includes(tr.getMeta('uiEvent') as string));
  const chips: { from: number; to: number; itemId: string }[] = [];
  newState.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isTextblock) return true;
    const text = blockText(node);
    for (const reference of findChipReferences(text)) {
      const start = pos + 1 + reference.start;
      const end = pos + 1 + reference.end;
      if (end < from || start > to) continue;
      const after = text.slice(reference.end);
      if (after === '' ? !pasted : !FINISHED_BY.test(after)) continue;
      const itemId = exhibits.itemIdOfLabel(reference.label);
      if (itemId) chips.push({ from: start, to: end, itemId });
    }
    return false;
  });
  if (chips.length === 0) return null;
  const tr = newState.tr;
  for (const chip of chips.reverse()) {
    tr.replaceWith(chip.from, chip.to, citation.create({ [CITATION_ITEM_ID_ATTRIBUTE]: chip.itemId }));
  }
  return tr;
}

/**
 * References to exhibits typed or pasted as text count as citations
 * (sectionCitations in @jointly/shared); this shows which ones do, in the
 * text, and flags one to a label no exhibit has; a finished "see E4" of a
 * live exhibit, typed or pasted, becomes the citation chip.
 */
export const TypedCitations = Extension.create<TypedCitationsOptions>({
  name: 'typedCitations',

  addOptions() {
    return { exhibits: new ExhibitDirectory() };
  },

  addProseMirrorPlugins() {
    const exhibits = this.options.exhibits;
    return [
      new Plugin<DecorationSet>({
        key: typedCitationsKey,
        state: {
          init: (_, state) => typedCitationDecorations(state.doc, exhibits),
          apply: (transaction, previous, _, state) =>
            transaction.docChanged || transaction.getMeta(typedCitationsKey)
              ? typedCitationDecorations(state.doc, exhibits)
              : previous,
        },
        props: {
          decorations: (state) => typedCitationsKey.getState(state),
        },
        appendTransaction: (transactions, oldState, newState) =>
          chipsForTypedReferences(transactions, oldState, newState, exhibits),
        // Labels assigned or items removed change what the text refers to, not the text.
        view: (view) => {
          const unsubscribe = exhibits.subscribe(() => {
            if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(typedCitationsKey, true));
          });
          return { destroy: unsubscribe };
        },
      }),
    ];
  },
});
