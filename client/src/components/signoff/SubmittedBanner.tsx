import type { SubmissionDto } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import { reopenEntry } from '../../api/apiClient.ts';
import { formatDateTime } from '../../format/formatDate.ts';
import { ConfirmAction } from '../layout/ConfirmAction.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';

type SubmittedBannerProps = {
  entryId: string;
  /** The latest submitted version, or null while it is being read. */
  latest: SubmissionDto | null;
  /** A lead may reopen the entry. */
  mayReopen: boolean;
  /** After reopening: the page reads the entry again. */
  onReopened: () => Promise<void> | void;
};

/** "Submitted on … by … — version N" (the entry is read-only for everyone), and "Reopen entry" with a confirm step for a lead. */
export function SubmittedBanner({ entryId, latest, mayReopen, onReopened }: SubmittedBannerProps) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const reopenButton = useRef<HTMLButtonElement>(null);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      reopenButton.current?.focus();
    }
  }, [confirming]);

  const reopen = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await reopenEntry(entryId);
      await onReopened();
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="nhsuk-notification-banner jointly-submitted" aria-labelledby="submitted-banner-title">
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id="submitted-banner-title">
          Submitted
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <p className="nhsuk-notification-banner__heading" data-testid="submitted-banner">
          {latest
            ? `Submitted on ${formatDateTime(latest.submittedAt)} by ${latest.submittedBy.name} (${latest.submittedBy.organisation.name}) — version ${latest.version}`
            : 'This entry has been submitted'}
        </p>
        <p className="nhsuk-body">
          This entry has been submitted, so it cannot be changed. {mayReopen ? 'You' : 'A lead'} can reopen it.
        </p>
        {mayReopen && !confirming ? (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
            ref={reopenButton}
            onClick={() => setConfirming(true)}
          >
            Reopen entry
          </button>
        ) : null}
        {mayReopen && confirming ? (
          <ConfirmAction
            id="reopen-confirm-title"
            title="Reopen this entry for editing?"
            confirmLabel="Yes, reopen entry"
            warning
            busy={busy}
            onConfirm={() => void reopen()}
            onCancel={() => {
              returnFocus.current = true;
              setConfirming(false);
            }}
            headingRef={confirmHeading}
          >
            Everyone on the entry can change it again. Submitted versions are kept. Once it changes, sections need
            approving and the organisations need to endorse it again before it is resubmitted.
          </ConfirmAction>
        ) : null}
        {problem ? (
          <p className="nhsuk-error-message" role="alert">
            <span className="nhsuk-u-visually-hidden">Error: </span>
            The entry could not be reopened: {problem}
          </p>
        ) : null}
      </div>
    </section>
  );
}
