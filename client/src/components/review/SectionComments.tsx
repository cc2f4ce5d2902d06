import type { CommentBody, CommentReplyDto, CommentThreadDto, MemberDto } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/ApiError.ts';
import { addComment, listComments, replyToComment, setCommentResolved } from '../../api/apiClient.ts';
import { useEntryEvents, useEntryEventsLive } from '../../collab/entryEvents.ts';
import { COMMENTS_REFRESH_MS } from '../../config.ts';
import { formatDateTime } from '../../format/formatDate.ts';
import { useRefreshed } from '../../hooks/useRefreshed.ts';
import { problemText } from '../layout/ProblemMessage.tsx';
import { CommentForm, type MentionOption } from './CommentForm.tsx';

/** Element id of a comment or reply (focus goes there after posting it). */
export const commentElementId = (commentId: string) => `comment-${commentId}`;

type SectionCommentsProps = {
  entryId: string;
  section: { id: string; title: string };
  members: MemberDto[];
  meUserId: string;
  /** Leads and contributors on a draft entry; viewers, and everyone once submitted, only read. */
  mayComment: boolean;
  submitted: boolean;
  /** Called when the server says the entry was submitted meanwhile (409), so the page reads it again. */
  onEntryChanged?: () => void;
  /** Loads the threads (tests pass their own). */
  load?: (entryId: string, sectionId: string) => Promise<CommentThreadDto[]>;
};

/**
 * "Comments on <section> (N open)": a disclosure with the section's threads
 * (author, organisation, time, the body as plain text), their replies, "Resolve"
 * / "Reopen thread", "Reply", and "Add a comment". Read once for the count, again
 * whenever it is opened, at once when the socket says this section's comments
 * changed (C-EVENT-2), every COMMENTS_REFRESH_MS while open and visible only
 * while no socket is open, and after the person's own actions; results are announced.
 */
export function SectionComments({
  entryId,
  section,
  members,
  meUserId,
  mayComment,
  submitted,
  onEntryChanged,
  load = listComments,
}: SectionCommentsProps) {
  const [open, setOpen] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = () => setRefreshKey((k) => k + 1);
  const threads = useRefreshed(() => load(entryId, section.id), refreshKey);
  const [announcement, setAnnouncement] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  /** A comment just posted: focused once it is on the page. */
  const [focusId, setFocusId] = useState<string | null>(null);

  useEntryEvents(entryId, (event) => {
    if (event.kind === 'comments' && event.sectionId === section.id) refresh();
  });
  // Events sent while the socket was down are lost: read again when it reopens, and poll meanwhile.
  const live = useEntryEventsLive(entryId);
  const liveBefore = useRef({ last: live, ever: live });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a socket reopened is the trigger.
  useEffect(() => {
    const before = liveBefore.current;
    if (live && !before.last && before.ever) refresh();
    liveBefore.current = { last: live, ever: before.ever || live };
  }, [live]);
  useEffect(() => {
    if (!open || live) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setRefreshKey((k) => k + 1);
    }, COMMENTS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [open, live]);

  useEffect(() => {
    if (focusId === null) return;
    const element = document.getElementById(commentElementId(focusId));
    if (!element) return;
    element.focus();
    setFocusId(null);
  });

  const mentionOptions: MentionOption[] = members
    .filter((member) => member.userId !== meUserId)
    .map((member) => ({ userId: member.userId, label: `${member.name} (${member.organisation.name})` }));

  const list = threads.data ?? [];
  const openCount = list.filter((thread) => !thread.resolved).length;
  const maySend = mayComment && !submitted;

  /** A refusal because the entry was submitted meanwhile: the page reads the entry again. */
  const afterFailure = (error: unknown) => {
    if (error instanceof ApiError && error.status === 409) onEntryChanged?.();
  };

  const post = async (body: CommentBody) => {
    setAnnouncement('');
    try {
      const thread = await addComment(entryId, section.id, body);
      setAnnouncement(`Comment added to “${section.title}”.`);
      setFocusId(thread.id);
      refresh();
    } catch (error) {
      afterFailure(error);
      throw error;
    }
  };

  const reply = async (thread: CommentThreadDto, body: CommentBody) => {
    setAnnouncement('');
    try {
      const updated = await replyToComment(entryId, thread.id, body);
      const mine = updated.replies.filter((r) => r.author.userId === meUserId).at(-1);
      setAnnouncement(`Reply added to ${thread.author.name}’s comment.`);
      setFocusId(mine?.id ?? updated.id);
      refresh();
    } catch (error) {
      afterFailure(error);
      throw error;
    }
  };

  const setResolved = async (thread: CommentThreadDto, resolved: boolean) => {
    setAnnouncement('');
    setProblem(null);
    try {
      await setCommentResolved(entryId, thread.id, resolved);
      setAnnouncement(
        resolved ? `${thread.author.name}’s thread resolved.` : `${thread.author.name}’s thread reopened.`,
      );
      refresh();
    } catch (error) {
      afterFailure(error);
      setProblem(`The thread could not be ${resolved ? 'resolved' : 'reopened'}: ${problemText(error)}`);
    }
  };

  return (
    <details
      className="nhsuk-details jointly-comments"
      onToggle={(event) => {
        const nowOpen = event.currentTarget.open;
        setOpen(nowOpen);
        if (nowOpen) refresh();
      }}
    >
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">
          Comments on {section.title}
          {threads.data ? ` (${openCount} open)` : ''}
        </span>
      </summary>
      <div className="nhsuk-details__text">
        {threads.data === null && !threads.failed ? <p className="nhsuk-body-s">Loading the comments…</p> : null}
        {threads.failed ? (
          <p className="nhsuk-error-message">
            <span className="nhsuk-u-visually-hidden">Error: </span>
            {threads.data === null
              ? 'The comments could not be loaded. They will be tried again shortly.'
              : 'The comments could not be refreshed: what you see may be out of date.'}
          </p>
        ) : null}
        {threads.data !== null && list.length === 0 ? <p className="nhsuk-body-s">No comments yet.</p> : null}
        {list.length > 0 ? (
          <ul className="nhsuk-list jointly-comments__threads" aria-label={`Comment threads on ${section.title}`}>
            {list.map((thread) => (
              <li key={thread.id}>
                <CommentThread
                  thread={thread}
                  mayAct={maySend}
                  mentionOptions={mentionOptions}
                  onReply={(body) => reply(thread, body)}
                  onSetResolved={(resolved) => setResolved(thread, resolved)}
                />
              </li>
            ))}
          </ul>
        ) : null}
        {problem ? (
          <p className="nhsuk-error-message" role="alert">
            <span className="nhsuk-u-visually-hidden">Error: </span>
            {problem}
          </p>
        ) : null}
        {maySend ? (
          <div className="jointly-comments__new">
            <h3 className="nhsuk-heading-xs">Add a comment</h3>
            <CommentForm
              id={`comment-new-${section.id}`}
              label="Comment"
              submitLabel="Add comment"
              problemTitle="The comment could not be added"
              mentionOptions={mentionOptions}
              onSubmit={post}
            />
          </div>
        ) : (
          <p className="nhsuk-body-s jointly-muted">
            {submitted
              ? 'The entry has been submitted: comments can be read but not added, answered or resolved.'
              : 'As a viewer you can read comments but not add them.'}
          </p>
        )}
        <p className="nhsuk-u-visually-hidden" role="status">
          {announcement}
        </p>
      </div>
    </details>
  );
}

type CommentThreadProps = {
  thread: CommentThreadDto;
  mayAct: boolean;
  mentionOptions: MentionOption[];
  onReply: (body: CommentBody) => Promise<void>;
  onSetResolved: (resolved: boolean) => Promise<void>;
};

/** One thread: its opening comment, replies, whether it is resolved, and (for those who may) its actions. */
export function CommentThread({ thread, mayAct, mentionOptions, onReply, onSetResolved }: CommentThreadProps) {
  const [replying, setReplying] = useState(false);
  const [busy, setBusy] = useState(false);
  const replyButton = useRef<HTMLButtonElement>(null);
  const formId = `reply-${thread.id}`;

  return (
    <div className={`jointly-thread${thread.resolved ? ' jointly-thread--resolved' : ''}`}>
      <Comment comment={thread} headingLevel={4} />
      {thread.replies.length > 0 ? (
        <ol className="nhsuk-list jointly-thread__replies" aria-label={`Replies to ${thread.author.name}`}>
          {thread.replies.map((reply) => (
            <li key={reply.id}>
              <Comment comment={reply} headingLevel={5} />
            </li>
          ))}
        </ol>
      ) : null}
      {thread.resolved ? (
        <p className="nhsuk-body-s jointly-thread__resolved">
          <strong className="nhsuk-tag nhsuk-tag--green">Resolved</strong>
          {thread.resolvedBy ? (
            <span className="jointly-muted">
              {' '}
              by {thread.resolvedBy.name} ({thread.resolvedBy.organisation.name})
              {thread.resolvedAt ? ` on ${formatDateTime(thread.resolvedAt)}` : ''}
            </span>
          ) : null}
        </p>
      ) : null}
      {mayAct ? (
        <div className="jointly-thread__actions">
          <button
            type="button"
            ref={replyButton}
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            aria-expanded={replying}
            aria-controls={replying ? formId : undefined}
            onClick={() => setReplying((current) => !current)}
          >
            Reply<span className="nhsuk-u-visually-hidden"> to {thread.author.name}</span>
          </button>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            aria-disabled={busy}
            onClick={() => {
              if (busy) return;
              setBusy(true);
              void onSetResolved(!thread.resolved).finally(() => setBusy(false));
            }}
          >
            {thread.resolved ? (
              <>
                Reopen thread<span className="nhsuk-u-visually-hidden"> by {thread.author.name}</span>
              </>
            ) : (
              <>
                Resolve<span className="nhsuk-u-visually-hidden"> thread by {thread.author.name}</span>
              </>
            )}
          </button>
        </div>
      ) : null}
      {mayAct && replying ? (
        <div id={formId} className="jointly-thread__reply">
          <CommentForm
            id={formId}
            label={`Your reply to ${thread.author.name}`}
            submitLabel="Send reply"
            problemTitle="The reply could not be added"
            mentionOptions={mentionOptions}
            autoFocus
            onSubmit={async (body) => {
              await onReply(body);
              setReplying(false);
            }}
            onCancel={() => {
              setReplying(false);
              replyButton.current?.focus();
            }}
          />
        </div>
      ) : null}
    </div>
  );
}

/** A comment or reply: who (and for which organisation), when, what; the body is text, never HTML. */
function Comment({ comment, headingLevel }: { comment: CommentReplyDto; headingLevel: 4 | 5 }) {
  const Heading = headingLevel === 4 ? 'h4' : 'h5';
  const headingId = `${commentElementId(comment.id)}-by`;
  return (
    <article className="jointly-comment" id={commentElementId(comment.id)} tabIndex={-1} aria-labelledby={headingId}>
      <Heading className="nhsuk-body-s jointly-comment__by" id={headingId}>
        <strong>{comment.author.name}</strong>{' '}
        <span className="jointly-muted">
          ({comment.author.organisation.name}),{' '}
          <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt)}</time>
        </span>
      </Heading>
      <p className="nhsuk-body-s jointly-comment__body">{comment.body}</p>
      {comment.mentions.length > 0 ? (
        <p className="nhsuk-body-s jointly-muted jointly-comment__mentions">
          Mentions: {comment.mentions.map((person) => person.name).join(', ')}
        </p>
      ) : null}
    </article>
  );
}
