import { Editor, type Extensions } from '@tiptap/core';
import * as Y from 'yjs';
import type { LocalUser } from '../../collab/EntryCollabSession.ts';
import { type SectionEditorExtensionsOptions, sectionEditorExtensions } from '../sectionEditorExtensions.ts';

/** The person typing in a test editor unless a test says who. */
export const TEST_USER: LocalUser = {
  id: 'u1',
  name: 'Ada',
  organisationId: 'o1',
  organisationName: 'Trust',
  color: '#005eb8',
};

type TestEditorOptions = Partial<Omit<SectionEditorExtensionsOptions, 'fragment' | 'provider'>> & {
  doc?: Y.Doc;
  sectionId?: string;
  /** Extensions added after the section's own (e.g. CommentAnchors). */
  extensions?: Extensions;
  /** In the page, for what needs layout or focus (clicks, focus moves); detached otherwise. */
  attached?: boolean;
};

const cleanups: (() => void)[] = [];

/**
 * A section's editor on a Yjs document as the entry page makes it, without a provider (no
 * server). Destroyed by destroyTestEditors, which a test file calls after each test.
 */
export function openTestEditor({
  doc = new Y.Doc(),
  sectionId = 'context',
  extensions = [],
  attached = false,
  user = TEST_USER,
  placeholder = '',
  ...options
}: TestEditorOptions = {}) {
  const fragment = doc.getXmlFragment(`section:${sectionId}`);
  const element = document.createElement('div');
  if (attached) document.body.appendChild(element);
  const editor = new Editor({
    element,
    extensions: [
      ...sectionEditorExtensions({ fragment, provider: null, user, placeholder, ...options }),
      ...extensions,
    ],
  });
  cleanups.push(() => {
    editor.destroy();
    element.remove();
  });
  return { doc, fragment, editor };
}

export function destroyTestEditors(): void {
  for (const cleanup of cleanups.splice(0)) cleanup();
}
