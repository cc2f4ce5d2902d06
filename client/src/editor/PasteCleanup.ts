import { Extension } from '@tiptap/core';
import { normalisePastedHtml } from './normalisePastedHtml.ts';

/** Runs pasted HTML through normalisePastedHtml (Word lists, heading levels, clutter). */
export const PasteCleanup = Extension.create({
  name: 'pasteCleanup',
  transformPastedHTML(html) {
    return normalisePastedHtml(html);
  },
});
