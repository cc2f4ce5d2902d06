import type { CommentAnchorDto, CommentBody, CommentThreadDto, MemberDto } from '@jointly/shared';
import type { Editor } from '@tiptap/core';
import { type ReactNode, type RefObject, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/ApiError.ts';
import type { CommentAnchorHandlers } from '../../editor/CommentAnchors.ts';
import { type AnchorRange, anchorOfRange, decodeAnchor } from '../../editor/commentAnchorRanges.ts';
import { InlineError } from '../layout/InlineError.tsx';
import { CommentForm } from './CommentForm.tsx';
import { MarginThread, marginThreadId } from './MarginThread.tsx';
import { mentionOptionsOf } from './MentionTextArea.tsx';
import { useMarginLayout } from './useMarginLayout.ts';
import { type SectionComments, useThreadActions } from './useSectionComments.ts';

type Anchored = CommentThreadDto & { anchor: CommentAnchorDto };

/** When the server has not yet seen the words just typed (the edit and the comment race), ask once more. */
const ANCHOR_RETRY_MS = 800;

type AnchoredCommentsProps = {
  section: { id: string; title: string };
  /** The section's threads (this view shows those anchored to words). */
  comments: SectionComments;
  members: MemberDto[];
  meUserId: string;
  mayComment: boolean;
  submitted: boolean;
  /** The section's editor once it exists (null for a page without the document). */
  editor: Editor | null;
  /** What the editor's CommentAnchors extension calls; filled in here. */
  handlers: RefObject<CommentAnchorHandlers>;
  /** The section's editor (its text), which the threads sit beside. */
  children: ReactNode;
};

const isAnchored = (thread: CommentThreadDto): thread is Anchored => thread.anchor !== undefined;

/**
 * A section's text with the threads anchored to its words (issue 14 item 2):
 * beside the text on a wide screen, each level with its words, and below it
 * on a phone. "Comment" (toolbar or Ctrl+Alt+M) on selected words opens the
 * form here; a highlight clicked focuses its thread; "Show in text" selects
 * the words. Threads are read again when the socket says this section's
 * comments changed (C-EVENT-2) and after the person's own actions.
 */
export function AnchoredComments({
  section,
  comments,
  members,
  meUserId,
  mayComment,
  submitted,
  editor,
  handlers,
  children,
}: AnchoredCommentsProps) {
  const { threads } = comments;
  const actions = useThreadActions(comments);
  const [ranges, setRanges] = useState<ReadonlyMap<string, AnchorRange>>(new Map());
  const [activeId, setActiveId] = useState<string | null>(null);
  const [draft, setDraft] = useState<CommentAnchorDto | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [margin, setMargin] = useState<HTMLElement | null>(null);
  const maySend = mayComment && !submitted;

  const anchored = useMemo(() => (threads.data ?? []).filter(isAnchored), [threads.data]);
  // Every thread's words are followed; only open threads' are highlighted (resolved ones stay listed).
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.commands.setCommentAnchors(
      anchored.flatMap((thread) => {
        const decoded = decodeAnchor(thread.id, thread.anchor);
        return decoded ? [{ ...decoded, hidden: thread.resolved }] : [];
      }),
    );
  }, [editor, anchored]);
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.setActiveCommentAnchor(activeId);
  }, [editor, activeId]);
  useEffect(() => {
    if (focusId === null) return;
    const element = document.getElementById(marginThreadId(focusId));
    if (!element) return;
    element.focus();
    element.scrollIntoView?.({ block: 'nearest' });
    setFocusId(null);
  });

  const rangeOf = (thread: Anchored) => ranges.get(thread.id);
  // Ranges read by the editor: undefined until it read them, null once the words are gone.
  const removed = (thread: Anchored) => editor !== null && ranges.has(thread.id) && rangeOf(thread) === null;
  const ordered = [...anchored].sort((a, b) => {
    const from = (thread: Anchored) => rangeOf(thread)?.from ?? Number.MAX_SAFE_INTEGER;
    return from(a) - from(b);
  });
  useMarginLayout(
    margin,
    editor,
    ordered.map((thread) => ({ threadId: thread.id, elementId: marginThreadId(thread.id) })),
    ranges,
  );

  const openForm = () => {
    if (!editor || !maySend) return;
    const { from, to, empty } = editor.state.selection;
    if (empty) {
      // On highlighted words with nothing selected: go to their thread instead.
      const here = ordered.find((thread) => {
        const range = rangeOf(thread);
        return range && range.from <= from && from <= range.to;
      });
      if (here) {
        setActiveId(here.id);
        setFocusId(here.id);
        return;
      }
      actions.announce('Select the words you want to comment on, then choose Comment.');
      return;
    }
    const anchor = anchorOfRange(editor.state, from, to);
    if (!anchor) return;
    actions.announce('');
    setDraft(anchor);
  };
  handlers.current = {
    onRanges: (next) => setRanges(next),
    onActivate: (threadId) => {
      setActiveId(threadId);
      setFocusId(threadId);
    },
    onComment: openForm,
  };

  const post = async (body: CommentBody) => {
    if (!draft) return;
    const send = () => comments.add({ ...body, anchor: draft });
    let thread: CommentThreadDto;
    try {
      thread = await send();
    } catch (error) {
      const anchorRefused =
        error instanceof ApiError && error.status === 400 && error.issues.some((i) => i.path.startsWith('anchor'));
      if (!anchorRefused) throw error;
      await new Promise((resolve) => setTimeout(resolve, ANCHOR_RETRY_MS));
      thread = await send();
    }
    actions.announce(`Comment added on “${draft.quote}”.`);
    setDraft(null);
    setActiveId(thread.id);
    setFocusId(thread.id);
  };

  const reply = async (thread: Anchored, body: CommentBody) => {
    await actions.reply(thread, body);
    setFocusId(thread.id);
  };

  const showInText = (thread: Anchored) => {
    const range = rangeOf(thread);
    if (!editor || !range) return;
    setActiveId(thread.id);
    editor.chain().focus().setTextSelection(range).scrollIntoView().run();
  };

  const mentionOptions = mentionOptionsOf(members, meUserId);

  const formId = `comment-anchor-${section.id}`;
  const hasMargin = anchored.length > 0 || draft !== null;
  return (
    <div className={`jointly-anchored${hasMargin ? ' jointly-anchored--with-margin' : ''}`}>
      <div className="jointly-anchored__text">{children}</div>
      <div className="jointly-anchored__margin" ref={setMargin}>
        {draft ? (
          <div className="jointly-margin-thread jointly-margin-thread--draft" id={formId}>
            <CommentForm
              id={formId}
              label={`Comment on “${draft.quote}”`}
              submitLabel="Add comment"
              problemTitle="The comment could not be added"
              mentionOptions={mentionOptions}
              autoFocus
              onSubmit={post}
              onCancel={() => {
                setDraft(null);
                editor?.commands.focus();
              }}
            />
          </div>
        ) : null}
        {anchored.length > 0 ? (
          <>
            <h3 className="nhsuk-u-visually-hidden">Comments on the words of {section.title}</h3>
            {ordered.map((thread) => (
              <MarginThread
                key={thread.id}
                thread={thread}
                removed={removed(thread)}
                active={thread.id === activeId}
                mayAct={maySend}
                mentionOptions={mentionOptions}
                onActivate={() => setActiveId(thread.id)}
                onShowInText={editor ? () => showInText(thread) : undefined}
                onReply={(body) => reply(thread, body)}
                onSetResolved={(resolved) => actions.setResolved(thread, resolved)}
              />
            ))}
          </>
        ) : null}
        {actions.problem ? <InlineError>{actions.problem}</InlineError> : null}
        <p className="nhsuk-u-visually-hidden" role="status">
          {actions.announcement}
        </p>
      </div>
    </div>
  );
}
