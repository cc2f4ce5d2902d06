import type { Editor } from '@tiptap/core';
import type * as Y from 'yjs';

/**
 * The editor bound to each section fragment on the page, so a panel outside
 * the editor (the section's history) can write through it: a restore is the
 * person's own ProseMirror transaction, synced by y-tiptap under the editor's
 * origin, so Ctrl+Z undoes it and the server attributes it to their socket.
 */
const editors = new WeakMap<Y.XmlFragment, Editor>();

/** Registers the editor of `fragment`; the returned function removes it (if still that editor). */
export function registerSectionEditor(fragment: Y.XmlFragment, editor: Editor): () => void {
  editors.set(fragment, editor);
  return () => {
    if (editors.get(fragment) === editor) editors.delete(fragment);
  };
}

/** The live editor of `fragment`, or null when none is on the page. */
export function sectionEditorOf(fragment: Y.XmlFragment): Editor | null {
  const editor = editors.get(fragment);
  return editor && !editor.isDestroyed ? editor : null;
}
