import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

export type FlushDomSelectionOptions = {
  /** The entry's document: every transaction on it may re-render this editor. */
  doc: Y.Doc | null;
  /** The entry's awareness: every change may redraw others' carets in this editor. */
  awareness: Awareness | null;
};

/** The part of ProseMirror's DOM observer used here (not in its typings, stable since 2018). */
type DomObserver = { flush(): void; forceFlush(): void };

function domObserverOf(view: EditorView): DomObserver | null {
  const observer = (view as unknown as { domObserver?: Partial<DomObserver> }).domObserver;
  return typeof observer?.flush === 'function' && typeof observer.forceFlush === 'function'
    ? (observer as DomObserver)
    : null;
}

/**
 * Reads a selection the browser has changed but not yet reported before a
 * remote change re-renders the editor.
 *
 * Shift+Arrow moves the DOM selection at once, but ProseMirror learns of it
 * only from the `selectionchange` event, a task later. A remote edit or a
 * partner's caret arriving in between re-renders the editor from the state's
 * older selection and writes that back into the page (prosemirror-view
 * guards this only for mouse drags): the keypress is lost, and y-prosemirror
 * also restores the older selection after a remote edit. A person then
 * deletes or formats less than they selected (seen in e2e 22: "wn" struck
 * instead of "down"). So, before the document's transactions and the
 * awareness's changes reach the binding and the caret plugin, the focused
 * editor reads what the browser holds, as its own `selectionchange` handler
 * would. Registered first because this plugin comes before Collaboration's
 * (priority 1000) and the caret's (999), and their listeners run in order.
 */
export const FlushDomSelection = Extension.create<FlushDomSelectionOptions>({
  name: 'flushDomSelection',
  priority: 1001,

  addOptions() {
    return { doc: null, awareness: null };
  },

  addProseMirrorPlugins() {
    const { doc, awareness } = this.options;
    return [
      new Plugin({
        key: new PluginKey('flushDomSelection'),
        view(view) {
          const flush = () => {
            if (view.isDestroyed || !view.hasFocus() || view.composing) return;
            const observer = domObserverOf(view);
            if (!observer) return;
            observer.forceFlush();
            observer.flush();
          };
          doc?.on('beforeAllTransactions', flush);
          awareness?.on('change', flush);
          return {
            destroy() {
              doc?.off('beforeAllTransactions', flush);
              awareness?.off('change', flush);
            },
          };
        },
      }),
    ];
  },
});
