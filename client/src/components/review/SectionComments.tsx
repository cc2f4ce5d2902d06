import type { CommentBody, CommentReplyDto, CommentThreadDto, MemberDto } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import { useEntryEventsLive } from '../../collab/entryEvents.ts';
import { COMMENTS_REFRESH_MS } from '../../config.ts';
import { formatDateTime } from '../../format/formatDate.ts';
import { InlineError } from '../layout/InlineError.tsx';
import { CommentForm, type MentionOption } from './CommentForm.tsx';
import { mentionOptionsOf } from './MentionTextArea.tsx';
import { type SectionComments as SectionCommentsData, useThreadActions } from './useSectionComments.ts';

/** Element id of a comment or reply (focus goes there after posting it). */
export const commentElementId = (commentId: string) => `comment-${commentId}`;

type SectionCommentsProps = {
  entryId: string;
  section: { id: string; title: string };
  /** The section's threads (this view lists those on the whole section). */
  comments: SectionCommentsData;
  members: MemberDto[];
  meUserId: string;
  /** Leads and contributors on a draft entry; viewers, and everyone once submitted, only read. */
  mayComment: boolean;
  submitted: boolean;
};

/**
 * "Comments on <section> (N open)": a disclosure with the section's threads
 * (author, organisation, time, the body as plain text), their replies, "Resolve"
 * / "Reopen thread", "Reply", and "Add a comment". The threads are the
 * section's (useSectionComments: read once for the page, and again as the
 * socket says); this reads them again whenever it is opened, and every
 * COMMENTS_REFRESH_MS while open and visible only while no socket is open
 * (events sent while it is down are lost); results are announced.
 */
export function SectionComments({
  entryId,
  section,
  comments,
  members,
  meUserId,
  mayComment,
  submitted,
}: SectionCommentsProps) {
  const [open, setOpen] = useState(false);
  const { threads, refresh } = comments;
  const actions = useThreadActions(comments);
  /** A comment just posted: focused once it is on the page. */
  const [focusId, setFocusId] = useState<string | null>(null);

  const live = useEntryEventsLive(entryId);
  useEffect(() => {
    if (!open || live) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, COMMENTS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [open, live, refresh]);

  useEffect(() => {
    if (focusId === null) return;
    const element = document.getElementById(commentElementId(focusId));
    if (!element) return;
    element.focus();
    setFocusId(null);
  });

  const mentionOptions = mentionOptionsOf(members, meUserId);

  // Threads on words sit beside those words (AnchoredComments); here, those on the whole section.
  const list = (threads.data ?? []).filter((thread) => !thread.anchor);
  const openCount = list.filter((thread) => !thread.resolved).length;
  const maySend = mayComment && !submitted;

  const post = async (body: CommentBody) => {
    actions.announce('');
    const thread = await comments.add(body);
    actions.announce(`Comment added to “${section.title}”.`);
    setFocusId(thread.id);
  };

  const reply = async (thread: CommentThreadDto, body: CommentBody) => {
    const updated = await actions.reply(thread, body);
    const mine = updated.replies.filter((r) => r.author.userId === meUserId).at(-1);
    setFocusId(mine?.id ?? updated.id);
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
                  onSetResolved={(resolved) => actions.setResolved(thread, resolved)}
                />
              </li>
            ))}
          </ul>
        ) : null}
        {actions.problem ? <InlineError>{actions.problem}</InlineError> : null}
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
          {actions.announcement}
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
