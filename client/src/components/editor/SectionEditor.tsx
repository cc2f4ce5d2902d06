import type { Editor } from '@tiptap/core';
import { EditorContent, useEditor } from '@tiptap/react';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { LocalUser } from '../../collab/EntryCollabSession.ts';
import { type CommentAnchorHandlers, CommentAnchors } from '../../editor/CommentAnchors.ts';
import type { ExhibitDirectory } from '../../editor/ExhibitDirectory.ts';
import { sectionEditorExtensions } from '../../editor/sectionEditorExtensions.ts';
import { registerSectionEditor } from '../../editor/sectionEditorRegistry.ts';
import { SuggestionPanel } from '../suggestions/SuggestionPanel.tsx';
import { SuggestModeToggle } from '../suggestions/SuggestModeToggle.tsx';
import { CiteForm, type CiteOption } from './CiteForm.tsx';
import { EditorToolbar, type EditorToolbarHandle, PLAIN_TEXT_OMITS } from './EditorToolbar.tsx';
import { LinkForm } from './LinkForm.tsx';

type SectionEditorProps = {
  fragment: Y.XmlFragment;
  /** The entry's one WebsocketProvider; its awareness carries carets. */
  provider: { awareness: Awareness };
  user: LocalUser;
  sectionTitle: string;
  /** Ids of the elements that describe the text box (the word count). */
  describedBy: string;
  editable: boolean;
  /** Focus the text once the editor exists (deep link to this section). */
  autoFocus: boolean;
  /** Exhibit labels for the citations in the text. */
  exhibits?: ExhibitDirectory;
  /** What "Cite evidence" offers. */
  citeOptions?: CiteOption[];
  /** Most characters of text the section may hold (`sectionCharLimit` of its word limit). */
  charLimit?: number;
  /** Comments anchored to the text (issue 14 item 2): what its highlights and "Comment" call; absent, none. */
  anchorHandlers?: { current: CommentAnchorHandlers };
  /** Told the editor once it exists (and null when it goes), for the margin threads. */
  onEditor?: (editor: Editor | null) => void;
  /** Suggesting mode and the section's suggestions (issue 14 item 3); absent, neither is shown. */
  suggestions?: { entryId: string; sectionId: string; isLead: boolean };
  /** No "Cite evidence" or "Comment" (a text with neither, like the finalist outline). */
  plain?: boolean;
};

/**
 * A section's rich-text editor, bound to its Y.XmlFragment of the entry's one
 * Y.Doc. Its accessible name is the section title. Read-only (no toolbar,
 * contenteditable off) for viewers and once the connection was stopped.
 */
export function SectionEditor({
  fragment,
  provider,
  user,
  sectionTitle,
  describedBy,
  editable,
  autoFocus,
  exhibits,
  citeOptions = [],
  charLimit,
  anchorHandlers,
  onEditor,
  suggestions,
  plain = false,
}: SectionEditorProps) {
  const [linkFormOpen, setLinkFormOpen] = useState(false);
  const [suggesting, setSuggesting] = useState(false);
  const [refusal, setRefusal] = useState('');
  const onRefused = useRef((reason: string) => setRefusal(reason));
  const [citeFormOpen, setCiteFormOpen] = useState(false);
  const toolbar = useRef<EditorToolbarHandle>(null);

  // The editor is created once per fragment: extensions hold the binding to the shared document.
  // biome-ignore lint/correctness/useExhaustiveDependencies: user, title, provider, exhibits and the limit are fixed for a fragment's lifetime.
  const extensions = useMemo(
    () =>
      sectionEditorExtensions({
        fragment,
        provider,
        user,
        placeholder: `Write “${sectionTitle}” here…`,
        ...(exhibits ? { exhibits } : {}),
        ...(charLimit !== undefined ? { charLimit } : {}),
        onSuggestionRefused: (reason: string) => onRefused.current(reason),
      }),
    [fragment],
  );

  // The anchors' highlights, kept in their own extension beside the section's schema.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the handlers object is fixed for the editor's lifetime.
  const withAnchors = useMemo(
    () =>
      anchorHandlers
        ? [...extensions, CommentAnchors.configure({ handlers: () => anchorHandlers.current })]
        : extensions,
    [extensions],
  );

  const editor = useEditor(
    {
      extensions: withAnchors,
      editable,
      shouldRerenderOnTransaction: false,
      editorProps: {
        // Keep the caret clear of the sticky connection bar above and the sticky word count below.
        scrollThreshold: { top: 112, bottom: 80, left: 0, right: 0 },
        scrollMargin: { top: 112, bottom: 80, left: 0, right: 0 },
        attributes: {
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': sectionTitle,
          'aria-describedby': describedBy,
          class: 'jointly-editor__text',
          lang: 'en-GB',
          spellcheck: 'true',
        },
      },
    },
    [withAnchors],
  );

  useEffect(() => {
    if (!editor) return;
    if (editor.isEditable !== editable) editor.setEditable(editable);
    // contenteditable=false alone does not tell assistive technology the text box is read-only.
    editor.view.dom.setAttribute('aria-readonly', String(!editable));
    if (!editable) {
      setLinkFormOpen(false);
      setCiteFormOpen(false);
    }
  }, [editor, editable]);

  // Only a lead settles other people's suggestions; others' edits over them are refused in the editor.
  useEffect(() => {
    // The storage is gone once the editor is destroyed (a role change rebuilds it): nothing to set then.
    const storage = editor && !editor.isDestroyed ? editor.storage.suggestChanges : undefined;
    if (storage) storage.settlesOthers = suggestions ? suggestions.isLead : true;
  }, [editor, suggestions]);

  useEffect(() => {
    if (editor && autoFocus) {
      editor.commands.focus('start', { scrollIntoView: true });
      editor.view.dom.scrollIntoView({ block: 'center' });
    }
  }, [editor, autoFocus]);

  // The section's history restores through this editor (one transaction, undoable, attributed to this person).
  useEffect(() => (editor ? registerSectionEditor(fragment, editor) : undefined), [editor, fragment]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: told once per editor; the callback is the page's setter.
  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Alt+F10 moves from the text to its toolbar, as in other rich-text editors.
    if (event.altKey && event.key === 'F10' && editable) {
      event.preventDefault();
      toolbar.current?.focus();
    }
  };

  if (!editor) return null;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a keyboard shortcut for the editor inside, not a control.
    <div className={`jointly-editor${editable ? '' : ' jointly-editor--readonly'}`} onKeyDown={onKeyDown}>
      {editable ? (
        <EditorToolbar
          ref={toolbar}
          editor={editor}
          sectionTitle={sectionTitle}
          linkFormOpen={linkFormOpen}
          onLink={() => {
            setCiteFormOpen(false);
            setLinkFormOpen((open) => !open);
          }}
          citeFormOpen={citeFormOpen}
          onCite={() => {
            setLinkFormOpen(false);
            setCiteFormOpen((open) => !open);
          }}
          onComment={() => anchorHandlers?.current.onComment?.()}
          {...(plain ? { omit: PLAIN_TEXT_OMITS } : {})}
        />
      ) : null}
      {editable && suggestions ? (
        <SuggestModeToggle
          suggesting={suggesting}
          sectionTitle={sectionTitle}
          refusal={refusal}
          onChange={(next) => {
            editor.commands.setSuggesting(next);
            setSuggesting(next);
            setRefusal('');
          }}
        />
      ) : null}
      {editable && linkFormOpen ? <LinkForm editor={editor} onClose={() => setLinkFormOpen(false)} /> : null}
      {editable && citeFormOpen ? (
        <CiteForm editor={editor} options={citeOptions} onClose={() => setCiteFormOpen(false)} />
      ) : null}
      <EditorContent editor={editor} />
      {suggestions ? (
        <SuggestionPanel
          editor={editor}
          entryId={suggestions.entryId}
          sectionId={suggestions.sectionId}
          sectionTitle={sectionTitle}
          fragment={fragment}
          userId={user.id}
          isLead={suggestions.isLead}
          editable={editable}
        />
      ) : null}
    </div>
  );
}
