import { isSafeLinkUrl, normaliseLinkInput } from '@jointly/shared';
import type { Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import Link from '@tiptap/extension-link';
import { Placeholder } from '@tiptap/extensions';
import StarterKit from '@tiptap/starter-kit';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { LocalUser } from '../collab/EntryCollabSession.ts';
import { Citation } from './Citation.ts';
import { caretAwareness } from './caretAwareness.ts';
import type { ExhibitDirectory } from './ExhibitDirectory.ts';
import { FlushDomSelection } from './FlushDomSelection.ts';
import { SECTION_HEADING_LEVELS } from './normalisePastedHtml.ts';
import { PasteCleanup } from './PasteCleanup.ts';
import { renderCaret, renderSelection } from './renderCaret.ts';
import { SectionSizeLimit } from './SectionSizeLimit.ts';
import { SuggestChanges } from './SuggestChanges.ts';
import { TypedCitations } from './TypedCitations.ts';

export type SectionEditorExtensionsOptions = {
  fragment: Y.XmlFragment;
  /** The entry's one WebsocketProvider (only its awareness is used here). */
  provider: { awareness: Awareness } | null;
  user: LocalUser;
  placeholder: string;
  /** Exhibit labels for citations; without it citations show "see exhibit". */
  exhibits?: ExhibitDirectory;
  /** Most characters of text the section may hold (`sectionCharLimit`); absent, no limit in the editor. */
  charLimit?: number;
  /** Told when an edit cannot be made as a suggestion in suggesting mode (issue 14). */
  onSuggestionRefused?: (reason: string) => void;
};

/**
 * The editor schema and behaviour of a section: headings, lists, bold, italic,
 * links, quotes and citations of exhibits, nothing else (so a paste keeps only
 * those). Every editor of a section, editable or read-only, uses this one
 * schema, so no client drops a node another wrote. Bound to the
 * section's Y.XmlFragment; undo/redo is Collaboration's y-undo, which undoes
 * only this person's changes in this section.
 */
export function sectionEditorExtensions({
  fragment,
  provider,
  user,
  placeholder,
  exhibits,
  charLimit,
  onSuggestionRefused,
}: SectionEditorExtensionsOptions): Extensions {
  const extensions: Extensions = [
    StarterKit.configure({
      // Collaboration brings its own undo that ignores other people's edits.
      undoRedo: false,
      // TrailingNode writes a paragraph on load: every client would add one, duplicating it.
      trailingNode: false,
      code: false,
      codeBlock: false,
      strike: false,
      underline: false,
      horizontalRule: false,
      heading: { levels: [...SECTION_HEADING_LEVELS] },
      link: false,
    }),
    // Text typed right after a link is not part of it (Link is "inclusive" whenever autolink is on).
    Link.extend({ inclusive: () => false }).configure({
      openOnClick: false,
      autolink: true,
      linkOnPaste: true,
      defaultProtocol: 'https',
      protocols: [],
      isAllowedUri: (url) => isSafeLinkUrl(url),
      shouldAutoLink: (url) => isSafeLinkUrl(normaliseLinkInput(url)),
      HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank', class: null },
    }),
    exhibits ? Citation.configure({ exhibits }) : Citation,
    // References typed as text ("see E4") count as citations: show which, and flag unknown labels.
    exhibits ? TypedCitations.configure({ exhibits }) : TypedCitations,
    Placeholder.configure({ placeholder }),
    PasteCleanup,
    // Suggestion marks are in every editor's schema (read-only ones too), so none drops them.
    onSuggestionRefused ? SuggestChanges.configure({ onRefused: onSuggestionRefused }) : SuggestChanges,
    Collaboration.configure({ fragment }),
    // Before Collaboration's and the caret's listeners: a selection not yet reported is read first.
    FlushDomSelection.configure({ doc: fragment.doc, awareness: provider?.awareness ?? null }),
  ];
  if (charLimit !== undefined) extensions.push(SectionSizeLimit.configure({ limit: charLimit, autoTrim: false }));
  if (provider) {
    extensions.push(
      CollaborationCaret.configure({
        // Carets read others' awareness states; a malformed one must not break this editor (finding 4).
        provider: { awareness: caretAwareness(provider.awareness) },
        user,
        render: renderCaret,
        selectionRender: renderSelection,
      }),
    );
  }
  return extensions;
}
