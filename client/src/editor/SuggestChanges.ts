import { DELETION_MARK, INSERTION_MARK, type SuggestionKind } from '@jointly/shared';
import { Extension, Mark } from '@tiptap/core';
import { Fragment, type MarkType, type Node as ProseMirrorNode, type Slice } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import { ReplaceStep } from '@tiptap/pm/transform';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { isFromSharedDocument } from './SectionSizeLimit.ts';

/**
 * Suggesting mode (issue 14 item 3): while it is on, what this person types
 * is marked `insertion` and what they delete is marked `deletion` instead of
 * being removed, each mark holding only a suggestion id. The marks are text
 * formatting of Y.XmlText, so they merge offline like text; who made them is
 * recorded by the server (C-SUGGEST-1), never written here.
 *
 * Only changes to text inside one paragraph or heading are suggested. y-tiptap
 * stores no marks on element nodes (new paragraphs, list items, citations,
 * hard breaks), so a suggested block or chip would reach everyone else as real
 * content; those edits, and formatting changes, are refused in suggesting mode
 * (`onRefused` says so) and made in editing mode instead.
 */

export const suggestChangesKey = new PluginKey('suggestChanges');

/** Meta on a transaction this extension made or passed (a suggestion, an accept or a reject). */
const SUGGESTION_META = 'suggestion';

export type SuggestChangesOptions = {
  /** Called when an edit cannot be made as a suggestion (it was not applied). */
  onRefused: (reason: string) => void;
};

export type SuggestChangesStorage = {
  suggesting: boolean;
  /**
   * This person's suggestion ids: those this editor made and those the server says are theirs. Typing on
   * in one's own suggestion extends it, and only one's own are really removed when deleted.
   */
  ownIds: Set<string>;
  /**
   * Whether this person may settle anyone's suggestions (a lead; the default). When false, an edit that
   * would remove or change another person's proposed or struck text is refused in editing mode too:
   * accepting or rejecting it is for a lead (C-SUGGEST-4).
   */
  settlesOthers: boolean;
};

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random suggestion id (SUGGESTION_ID_PATTERN): 16 characters, so offline writers do not collide. */
export function newSuggestionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `s${Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('')}`;
}

const suggestionMark = (name: SuggestionKind, tag: 'ins' | 'del') =>
  Mark.create({
    name,
    inclusive: false,
    // One suggestion mark per character: text is either proposed or proposed for removal.
    excludes: `${INSERTION_MARK} ${DELETION_MARK}`,
    addAttributes() {
      return { id: { default: null, rendered: false } };
    },
    // No parseHTML: a pasted <ins>/<del> never carries someone else's suggestion id into the text.
    renderHTML({ mark }) {
      return [
        tag,
        {
          class: `app-suggestion app-suggestion--${name}`,
          'data-suggestion-id': String(mark.attrs.id ?? ''),
        },
        0,
      ];
    },
  });

export const Insertion = suggestionMark(INSERTION_MARK, 'ins');
export const Deletion = suggestionMark(DELETION_MARK, 'del');

const OTHERS_REFUSED =
  'That text is someone else’s suggestion. A lead accepts or rejects it; you can change the text around it.';

/** Whether a transaction removes, re-marks or replaces text that carries another person's suggestion mark. */
export function touchesOthersSuggestions(tr: Transaction, ownIds: ReadonlySet<string>): boolean {
  const schema = tr.doc.type.schema;
  const types = [schema.marks[INSERTION_MARK], schema.marks[DELETION_MARK]].filter((t): t is MarkType => !!t);
  const others = (node: ProseMirrorNode) =>
    node.marks.some((mark) => types.includes(mark.type) && !ownIds.has(String(mark.attrs.id)));
  return tr.steps.some((step, i) => {
    const doc = tr.docs[i]!;
    const range = step as unknown as { from?: number; to?: number; mark?: { type: MarkType } };
    if (range.from === undefined || range.to === undefined) return false;
    // Marking text with a suggestion, or typing within one, leaves it; removing its text or its mark does not.
    if (step instanceof ReplaceStep && range.from === range.to) return false;
    if (!(step instanceof ReplaceStep) && !(range.mark && types.includes(range.mark.type))) return false;
    let found = false;
    doc.nodesBetween(range.from, range.to, (node) => {
      if (found) return false;
      if (node.isText && others(node)) found = true;
      return !node.isText;
    });
    return found;
  });
}

const REFUSED =
  'In suggesting mode you can type and delete text within a paragraph. To change paragraphs, lists, formatting or citations, switch to Editing.';

/** The inline content a slice inserts, or null when it adds or joins blocks. */
function inlineContent(slice: Slice): Fragment | null {
  let content = slice.content;
  let openStart = slice.openStart;
  let openEnd = slice.openEnd;
  while (openStart > 0 && openEnd > 0 && content.childCount === 1 && content.firstChild!.isTextblock) {
    content = content.firstChild!.content;
    openStart--;
    openEnd--;
  }
  if (openStart !== 0 || openEnd !== 0) return null;
  let onlyText = true;
  content.forEach((node) => {
    if (!node.isText) onlyText = false;
  });
  return onlyText ? content : null;
}

function suggestionIdAt(node: ProseMirrorNode | null | undefined, type: MarkType): string | null {
  const mark = node?.marks.find((m) => m.type === type);
  return mark ? String(mark.attrs.id) : null;
}

/**
 * The suggesting form of a transaction typed or pasted by this person, or
 * null when it cannot be one (then nothing is applied).
 */
export function suggestTransaction(
  tr: Transaction,
  state: EditorState,
  ownIds: Set<string>,
  newId: () => string = newSuggestionId,
): Transaction | null {
  if (tr.steps.length !== 1 || !(tr.steps[0] instanceof ReplaceStep)) return null;
  const step = tr.steps[0] as ReplaceStep & { from: number; to: number; slice: Slice };
  const insertion = state.schema.marks[INSERTION_MARK];
  const deletion = state.schema.marks[DELETION_MARK];
  if (!insertion || !deletion) return null;
  const doc = state.doc;
  const $from = doc.resolve(step.from);
  const $to = doc.resolve(step.to);
  if (!$from.parent.isTextblock || !$from.sameParent($to)) return null;
  const inserted = inlineContent(step.slice);
  if (inserted === null) return null;
  let deletesOnlyText = true;
  doc.nodesBetween(step.from, step.to, (node) => {
    if (node.isInline && !node.isText) deletesOnlyText = false;
  });
  if (!deletesOnlyText) return null;

  const out = state.tr;
  const ownNear = (type: MarkType) => {
    for (const id of [suggestionIdAt($from.nodeBefore, type), suggestionIdAt($to.nodeAfter, type)]) {
      if (id !== null && ownIds.has(id)) return id;
    }
    const id = newId();
    ownIds.add(id);
    return id;
  };

  // The insertion goes after the range, so the range's positions stay valid for the deletion marks.
  let insertedSize = 0;
  if (inserted.size > 0) {
    const id = ownNear(insertion);
    const nodes: ProseMirrorNode[] = [];
    inserted.forEach((node) => {
      const marks = node.marks.filter((m) => m.type !== insertion && m.type !== deletion);
      nodes.push(node.mark(insertion.create({ id }).addToSet(marks)));
    });
    out.insert(step.to, Fragment.from(nodes));
    insertedSize = inserted.size;
  }
  const afterInsert = out.steps.length;

  if (step.from < step.to) {
    // Own proposed text is really removed; others' proposals are left to them and the leads; the rest is marked.
    const removals: [number, number][] = [];
    const marks: [number, number][] = [];
    doc.nodesBetween(step.from, step.to, (node, pos) => {
      if (!node.isText) return true;
      const from = Math.max(pos, step.from);
      const to = Math.min(pos + node.nodeSize, step.to);
      const proposed = suggestionIdAt(node, insertion);
      if (proposed !== null) {
        if (ownIds.has(proposed)) removals.push([from, to]);
      } else if (suggestionIdAt(node, deletion) === null) {
        marks.push([from, to]);
      }
      return false;
    });
    if (marks.length > 0) {
      const id = ownNear(deletion);
      for (const [from, to] of marks) out.addMark(from, to, deletion.create({ id }));
    }
    for (const [from, to] of removals.reverse()) out.delete(from, to);
  }
  // After typing: the end of the proposed text. After Delete (forward): past the marked text, so the next
  // Delete marks the next character. Otherwise (Backspace, a selection): before it.
  const forward = state.selection.empty && state.selection.head === step.from;
  const caret =
    insertedSize > 0
      ? out.mapping.slice(afterInsert).map(step.to + insertedSize)
      : out.mapping.map(forward ? step.to : step.from, forward ? 1 : -1);
  out.setSelection(TextSelection.create(out.doc, Math.min(caret, out.doc.content.size)));
  return out.setMeta(SUGGESTION_META, true).scrollIntoView();
}

/** Where one suggestion's mark lies in a document: the ranges carrying `kind` with `id`. */
export function suggestionRanges(doc: ProseMirrorNode, kind: SuggestionKind, id: string): [number, number][] {
  const type = doc.type.schema.marks[kind];
  const ranges: [number, number][] = [];
  if (!type) return ranges;
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    if (suggestionIdAt(node, type) !== id) return false;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === pos) last[1] = pos + node.nodeSize;
    else ranges.push([pos, pos + node.nodeSize]);
    return false;
  });
  return ranges;
}

/**
 * Accepting or rejecting a suggestion as an ordinary write: accepting an
 * insertion or rejecting a deletion removes the mark; rejecting an insertion
 * or accepting a deletion removes the text. Null when the document no longer
 * holds it.
 */
export function resolveSuggestion(
  state: EditorState,
  kind: SuggestionKind,
  id: string,
  accept: boolean,
): Transaction | null {
  const ranges = suggestionRanges(state.doc, kind, id);
  const type = state.schema.marks[kind];
  if (ranges.length === 0 || !type) return null;
  const tr = state.tr;
  const removeText = (kind === INSERTION_MARK) !== accept;
  for (const [from, to] of ranges.reverse()) {
    if (removeText) tr.delete(from, to);
    else tr.removeMark(from, to, type);
  }
  return tr.setMeta(SUGGESTION_META, true);
}

function isUndoRedo(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isUndoRedoOperation?: boolean } | undefined;
  return meta?.isUndoRedoOperation === true;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    suggestChanges: {
      /** Turns suggesting mode on or off for this editor. */
      setSuggesting: (suggesting: boolean) => ReturnType;
      /** Accepts (true) or rejects (false) one suggestion. */
      resolveSuggestion: (kind: SuggestionKind, id: string, accept: boolean) => ReturnType;
    };
  }
  interface Storage {
    suggestChanges: SuggestChangesStorage;
  }
}

/** The marks and the suggesting mode of a section editor (see the module comment). */
export const SuggestChanges = Extension.create<SuggestChangesOptions, SuggestChangesStorage>({
  name: 'suggestChanges',

  addOptions() {
    return { onRefused: () => {} };
  },

  addStorage() {
    return { suggesting: false, ownIds: new Set<string>(), settlesOthers: true };
  },

  addExtensions() {
    return [Insertion, Deletion];
  },

  addCommands() {
    return {
      setSuggesting:
        (suggesting) =>
        ({ tr, dispatch }) => {
          this.storage.suggesting = suggesting;
          // A transaction without steps, so the toolbar re-renders with the new mode.
          if (dispatch) tr.setMeta(suggestChangesKey, { suggesting });
          return true;
        },
      resolveSuggestion:
        (kind, id, accept) =>
        ({ state, dispatch }) => {
          const tr = resolveSuggestion(state, kind, id, accept);
          if (!tr) return false;
          if (dispatch) dispatch(tr);
          return true;
        },
    };
  },

  dispatchTransaction({ transaction, next }) {
    const local =
      transaction.docChanged &&
      transaction.getMeta(SUGGESTION_META) !== true &&
      !isFromSharedDocument(transaction) &&
      !isUndoRedo(transaction);
    if (local && !this.storage.settlesOthers && touchesOthersSuggestions(transaction, this.storage.ownIds)) {
      this.options.onRefused(OTHERS_REFUSED);
      return;
    }
    if (!this.storage.suggesting || !local) {
      next(transaction);
      return;
    }
    const suggested = suggestTransaction(transaction, this.editor.state, this.storage.ownIds);
    if (suggested) next(suggested);
    else this.options.onRefused(REFUSED);
  },

  addProseMirrorPlugins() {
    const storage = this.storage;
    return [
      new Plugin({
        key: suggestChangesKey,
        // What other plugins append (autolinks, "see E4" chips) would be real content: not while suggesting.
        filterTransaction: (tr) =>
          !storage.suggesting ||
          !tr.docChanged ||
          tr.getMeta(SUGGESTION_META) === true ||
          isFromSharedDocument(tr) ||
          isUndoRedo(tr),
      }),
    ];
  },
});
