import { sectionFragmentName } from '@jointly/shared';
import type { Editor, JSONContent } from '@tiptap/core';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/**
 * Replaces the editor's content with a version's (a Yjs update of a document
 * holding only `section:<sectionId>`, as the history route sends it) in ONE
 * transaction: one undo step, written to the shared document as this
 * person's edit. Returns false when the editor refused it (read-only).
 */
export function restoreSectionContent(editor: Editor, sectionId: string, state: Uint8Array): boolean {
  if (!editor.isEditable) return false;
  const version = new Y.Doc();
  try {
    Y.applyUpdate(version, state);
    const json = yXmlFragmentToProsemirrorJSON(version.getXmlFragment(sectionFragmentName(sectionId))) as JSONContent;
    // An empty version is an empty paragraph, as a new section is.
    const content = json.content && json.content.length > 0 ? json : { type: 'doc', content: [{ type: 'paragraph' }] };
    return editor.commands.setContent(content);
  } finally {
    version.destroy();
  }
}
