import type { SectionDto, SectionStatus } from '@jointly/shared';
import { useState } from 'react';
import { requestReview, withdrawReview } from '../../api/notificationsApi.ts';
import { formatDateTime } from '../../format/formatDate.ts';
import { InlineError } from '../layout/InlineError.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';

type ReviewRequestControlProps = {
  entryId: string;
  section: SectionDto;
  status: SectionStatus;
  /** A lead or contributor on a draft entry. */
  mayRequest: boolean;
  /** After asking or withdrawing: the page reads the entry again. */
  onChanged: () => Promise<void> | void;
};

/**
 * "Ask for approval" (issue 14 item 6): a writer marks the section ready for
 * review and every lead is notified; the section shows "Ready for review"
 * (to everyone) until a lead approves it or the request is withdrawn.
 */
export function ReviewRequestControl({ entryId, section, status, mayRequest, onChanged }: ReviewRequestControlProps) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const request = section.reviewRequest ?? null;

  const act = async (ask: boolean) => {
    setBusy(true);
    setProblem(null);
    setAnnouncement('');
    try {
      if (ask) await requestReview(entryId, section.id);
      else await withdrawReview(entryId, section.id);
      await onChanged();
      setAnnouncement(
        ask ? `“${section.title}” marked ready for review. The leads have been told.` : 'Review request withdrawn.',
      );
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };

  if (!request && (!mayRequest || status === 'approved' || status === 'not_started')) {
    return (
      <p className="nhsuk-u-visually-hidden" role="status">
        {announcement}
      </p>
    );
  }
  return (
    <div className="jointly-review-request">
      {request ? (
        <p className="nhsuk-body-s">
          <strong className="nhsuk-tag nhsuk-tag--purple">Ready for review</strong> asked by {request.requestedBy.name}{' '}
          ({request.requestedBy.organisation.name}) on {formatDateTime(request.requestedAt)}.
        </p>
      ) : null}
      {mayRequest ? (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          aria-disabled={busy}
          onClick={() => {
            if (!busy) void act(!request);
          }}
        >
          {request ? 'Withdraw review request' : 'Ask for approval'}
          <span className="nhsuk-u-visually-hidden"> of {section.title}</span>
        </button>
      ) : null}
      {problem ? <InlineError>{problem}</InlineError> : null}
      <p className="nhsuk-u-visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  );
}
