import type { CommentBody, CommentThreadDto } from '@jointly/shared';
import type { MentionOption } from './MentionTextArea.tsx';
import { CommentThread } from './SectionComments.tsx';

/** Element id of an anchored thread in the margin (a highlight's click focuses it). */
export const marginThreadId = (threadId: string) => `margin-thread-${threadId}`;

type MarginThreadProps = {
  thread: CommentThreadDto & { anchor: NonNullable<CommentThreadDto['anchor']> };
  /** Its words were deleted: kept, and said so, with nothing to show in the text. */
  removed: boolean;
  active: boolean;
  mayAct: boolean;
  mentionOptions: MentionOption[];
  onActivate: () => void;
  /** Selects the words in the text and scrolls to them; absent without an editor. */
  onShowInText?: (() => void) | undefined;
  onReply: (body: CommentBody) => Promise<void>;
  onSetResolved: (resolved: boolean) => Promise<void>;
};

/**
 * One anchored thread in the margin beside its words (issue 14 item 2): the
 * quoted words (or "Text removed" once they were deleted), "Show in text",
 * then the thread with its replies and actions, in that reading and tab
 * order. The active thread is drawn linked to its highlight (same colour edge).
 */
export function MarginThread({
  thread,
  removed,
  active,
  mayAct,
  mentionOptions,
  onActivate,
  onShowInText,
  onReply,
  onSetResolved,
}: MarginThreadProps) {
  const quoteId = `${marginThreadId(thread.id)}-quote`;
  const classes = ['jointly-margin-thread'];
  if (active) classes.push('jointly-margin-thread--active');
  if (removed) classes.push('jointly-margin-thread--removed');
  return (
    <section
      className={classes.join(' ')}
      id={marginThreadId(thread.id)}
      tabIndex={-1}
      aria-labelledby={quoteId}
      aria-current={active ? 'true' : undefined}
      data-thread-id={thread.id}
      onFocus={onActivate}
    >
      <p className="nhsuk-body-s jointly-margin-thread__quote" id={quoteId}>
        <span className="nhsuk-u-visually-hidden">Comment on </span>
        <q>{thread.anchor.quote}</q>
        {removed ? (
          <>
            {' '}
            <strong className="nhsuk-tag nhsuk-tag--grey jointly-margin-thread__removed">Text removed</strong>
          </>
        ) : null}
      </p>
      {onShowInText && !removed ? (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small jointly-margin-thread__show"
          onClick={onShowInText}
          aria-describedby={quoteId}
        >
          Show in text
        </button>
      ) : null}
      <CommentThread
        thread={thread}
        mayAct={mayAct}
        mentionOptions={mentionOptions}
        onReply={onReply}
        onSetResolved={onSetResolved}
      />
    </section>
  );
}
