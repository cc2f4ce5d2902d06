import type { ApprovalDiffDto, SectionDto, SectionStatus } from '@jointly/shared';
import { useRef, useState } from 'react';
import { approveSection, getApprovalDiff } from '../api/apiClient.ts';
import { formatDateTime } from '../format/formatDate.ts';
import { problemText } from './ProblemMessage.tsx';

type SectionApprovalProps = {
  entryId: string;
  section: SectionDto;
  /** The status shown on the card (computed live from the document). */
  status: SectionStatus;
  /** A lead on a draft entry. */
  mayApprove: boolean;
  /** After an approval: the page reads the entry again (the section's approval changed). */
  onApproved: () => Promise<void> | void;
};

/**
 * Sign-off of one section (PRODUCT §3 journey 6): who approved it and when,
 * "Approve <title>" for a lead, and "What changed since approval" (the server's
 * paragraph diff against the approved content). Results are announced.
 */
export function SectionApproval({ entryId, section, status, mayApprove, onApproved }: SectionApprovalProps) {
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const approval = section.approval ?? null;

  const approve = async () => {
    setBusy(true);
    setProblem(null);
    setAnnouncement('');
    try {
      await approveSection(entryId, section.id);
      await onApproved();
      setAnnouncement(`“${section.title}” approved.`);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="jointly-approval">
      {approval ? (
        <p className="nhsuk-body-s jointly-approval__by">
          {status === 'changed_since_approval' ? 'Last approved' : 'Approved'} by {approval.approvedBy.name} (
          {approval.approvedBy.organisation.name}) on {formatDateTime(approval.approvedAt)}.
        </p>
      ) : null}
      {mayApprove && status !== 'approved' ? (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small jointly-approval__button"
          onClick={() => {
            if (!busy) void approve();
          }}
          aria-disabled={busy}
        >
          Approve<span className="nhsuk-u-visually-hidden"> {section.title}</span>
        </button>
      ) : null}
      {problem ? (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error: </span>“{section.title}” could not be approved: {problem}
        </p>
      ) : null}
      <p className="nhsuk-u-visually-hidden" role="status">
        {announcement}
      </p>
      {approval ? <ApprovalDiff entryId={entryId} sectionId={section.id} /> : null}
    </div>
  );
}

type DiffState =
  | { status: 'idle' | 'loading' }
  | { status: 'ok'; diff: ApprovalDiffDto }
  | { status: 'error'; message: string };

/** The disclosure "What changed since approval": loads the diff each time it is opened. */
function ApprovalDiff({ entryId, sectionId }: { entryId: string; sectionId: string }) {
  const [state, setState] = useState<DiffState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);

  const onToggle = (open: boolean) => {
    controller.current?.abort();
    if (!open) return;
    const mine = new AbortController();
    controller.current = mine;
    setState({ status: 'loading' });
    getApprovalDiff(entryId, sectionId, mine.signal).then(
      (diff) => {
        if (controller.current === mine) setState({ status: 'ok', diff });
      },
      (error: unknown) => {
        if (error instanceof DOMException && error.name === 'AbortError') return;
        if (controller.current === mine) setState({ status: 'error', message: problemText(error) });
      },
    );
  };

  return (
    <details className="nhsuk-details jointly-approval__diff" onToggle={(event) => onToggle(event.currentTarget.open)}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">What changed since approval</span>
      </summary>
      <div className="nhsuk-details__text" aria-live="polite" aria-busy={state.status === 'loading'}>
        {state.status === 'loading' || state.status === 'idle' ? <p>Loading the changes…</p> : null}
        {state.status === 'error' ? <p className="nhsuk-error-message">{state.message}</p> : null}
        {state.status === 'ok' ? <DiffBody diff={state.diff} /> : null}
      </div>
    </details>
  );
}

function DiffBody({ diff }: { diff: ApprovalDiffDto }) {
  if (!diff.changed) return <p>Nothing has changed since the section was approved.</p>;
  return (
    <>
      {diff.added.length > 0 ? (
        <>
          <h4 className="nhsuk-heading-xs">Added since approval</h4>
          <ul className="nhsuk-list jointly-diff jointly-diff--added">
            {diff.added.map((text, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs may repeat; the list is rebuilt on each load.
              <li key={index}>
                <ins>{text || '(an empty paragraph)'}</ins>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {diff.removed.length > 0 ? (
        <>
          <h4 className="nhsuk-heading-xs">Removed since approval</h4>
          <ul className="nhsuk-list jointly-diff jointly-diff--removed">
            {diff.removed.map((text, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs may repeat; the list is rebuilt on each load.
              <li key={index}>
                <del>{text || '(an empty paragraph)'}</del>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {diff.added.length === 0 && diff.removed.length === 0 ? (
        <p>The paragraphs are the same, but their order or formatting changed.</p>
      ) : null}
    </>
  );
}
