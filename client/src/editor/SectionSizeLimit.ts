import { CharacterCount } from '@tiptap/extensions';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/**
 * Characters of text in a ProseMirror node: the lengths of its text nodes.
 * y-prosemirror stores each run of text as a Y.XmlText of the same length, so
 * this is the figure the server bounds (`sectionCharCount`, C-SCHEMA-3);
 * CharacterCount's own count adds a character per leaf node, which would
 * disagree with the notice under the word count.
 */
export function textCharacters(node: ProseMirrorNode): number {
  let total = 0;
  node.descendants((child) => {
    if (child.isText) total += child.text?.length ?? 0;
  });
  return total;
}

/** A transaction y-prosemirror made from the shared document (someone's edit, an undo, the first render). */
export function isFromSharedDocument(transaction: Transaction): boolean {
  const meta = transaction.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return meta?.isChangeOrigin === true;
}

/**
 * Stops typing and pasting at the section's size limit (`sectionCharLimit` of
 * its word limit), so the person is stopped by their editor rather than by the
 * server refusing the update and closing the socket (close 4422, issue 10
 * finding 8). Tiptap's CharacterCount, with two changes that matter in a
 * shared document:
 *
 * - what comes from the shared document is never filtered: refusing it
 *   would leave this editor showing a stale copy that it later writes back
 *   over others' text (the failure of finding 4);
 * - configure it with `autoTrim: false`: trimming a section that is already
 *   over the limit (a lowered limit, an older document) would delete others'
 *   text from everyone's copy on mere opening.
 */
export const SectionSizeLimit = CharacterCount.extend({
  onBeforeCreate(event) {
    this.parent?.(event);
    this.storage.characters = (options) => textCharacters(options?.node ?? this.editor.state.doc);
  },

  addProseMirrorPlugins() {
    return (this.parent?.() ?? []).map((plugin) => {
      const filter = plugin.spec.filterTransaction;
      if (!filter) return plugin;
      return new Plugin({
        ...plugin.spec,
        filterTransaction: (transaction, state) =>
          isFromSharedDocument(transaction) || filter.call(plugin, transaction, state),
      });
    });
  },
});
