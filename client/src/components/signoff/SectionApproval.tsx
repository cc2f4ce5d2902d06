import type { ApprovalDiffDto, DiffBlock, SectionDto, SectionStatus } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import { approveSection, getApprovalDiff } from '../../api/apiClient.ts';
import { formatDateTime } from '../../format/formatDate.ts';
import { problemText } from '../layout/ProblemMessage.tsx';
import { ReviewRequestControl } from './ReviewRequestControl.tsx';

type SectionApprovalProps = {
  entryId: string;
  section: SectionDto;
  /** The status shown on the card (computed live from the document). */
  status: SectionStatus;
  /** A lead on a draft entry. */
  mayApprove: boolean;
  /** The section's live word count (what the server will count when approving). */
  words: number;
  /** Pending suggestions in the section (issue 14): it cannot be approved with any. */
  suggestions?: number;
  /** After an approval: the page reads the entry again (the section's approval changed). */
  onApproved: () => Promise<void> | void;
  /** A lead or contributor on a draft entry: may mark the section ready for review (issue 14 item 6). */
  mayRequestReview?: boolean;
};

/**
 * Why a section cannot be approved as it is, or null (the server refuses the
 * same with 409 section_empty / section_over_word_limit, S-APPROVE-4, and
 * section_has_suggestions, S-APPROVE-5).
 */
export function approvalBlocker(section: Pick<SectionDto, 'wordLimit'>, words: number, suggestions = 0): string | null {
  if (words === 0) return 'It has no text yet, so there is nothing to approve.';
  if (words > section.wordLimit) {
    return `It has ${words} words; the limit is ${section.wordLimit}. Cut ${words - section.wordLimit} before approving it.`;
  }
  if (suggestions > 0) {
    return `It has ${suggestions === 1 ? 'a suggestion' : `${suggestions} suggestions`} waiting. Accept or reject ${suggestions === 1 ? 'it' : 'them'} before approving the section.`;
  }
  return null;
}

/**
 * Sign-off of one section (PRODUCT §3 journey 6): who approved it and when,
 * "Approve <title>" for a lead, and "What changed since approval" (the server's
 * paragraph diff against the approved content). Results are announced.
 */
export function SectionApproval({
  entryId,
  section,
  status,
  mayApprove,
  words,
  suggestions = 0,
  onApproved,
  mayRequestReview = false,
}: SectionApprovalProps) {
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const approval = section.approval ?? null;
  const blocker = approvalBlocker(section, words, suggestions);
  const reasonId = `section-${section.id}-approve-reason`;
  // After approving, the button goes: focus moves to the line that says who approved it, never to <body>.
  const [focusApproval, setFocusApproval] = useState(0);
  const approvedBy = useRef<HTMLParagraphElement>(null);
  const approveButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusApproval === 0) return;
    (approvedBy.current ?? approveButton.current)?.focus();
  }, [focusApproval]);

  const approve = async () => {
    setBusy(true);
    setProblem(null);
    setAnnouncement('');
    try {
      await approveSection(entryId, section.id);
      await onApproved();
      setAnnouncement(`“${section.title}” approved.`);
      setFocusApproval((n) => n + 1);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="jointly-approval">
      {approval ? (
        <p className="nhsuk-body-s jointly-approval__by" tabIndex={-1} ref={approvedBy}>
          {status === 'changed_since_approval' ? 'Last approved' : 'Approved'} by {approval.approvedBy.name} (
          {approval.approvedBy.organisation.name}) on {formatDateTime(approval.approvedAt)}.
        </p>
      ) : null}
      {mayApprove && status !== 'approved' ? (
        <div className="jointly-approval__action">
          {/* Kept focusable while it cannot act, so the reason beside it is found and read with it. */}
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small jointly-approval__button"
            ref={approveButton}
            onClick={() => {
              if (!busy && !blocker) void approve();
            }}
            aria-disabled={busy || blocker !== null}
            aria-describedby={blocker ? reasonId : undefined}
          >
            Approve<span className="nhsuk-u-visually-hidden"> {section.title}</span>
          </button>
          {blocker ? (
            <p className="nhsuk-body-s jointly-approval__reason" id={reasonId}>
              <span className="nhsuk-u-visually-hidden">Cannot approve yet: </span>
              {blocker}
            </p>
          ) : null}
        </div>
      ) : null}
      {problem ? (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error: </span>“{section.title}” could not be approved: {problem}
        </p>
      ) : null}
      <p className="nhsuk-u-visually-hidden" role="status">
        {announcement}
      </p>
      <ReviewRequestControl
        entryId={entryId}
        section={section}
        status={status}
        mayRequest={mayRequestReview}
        onChanged={onApproved}
      />
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

/** What a block of the diff says before its text, for those who cannot see the colours. */
const BLOCK_LABELS: Record<DiffBlock['kind'], string> = {
  same: 'Unchanged',
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
};

/**
 * The diff in reading order: unchanged blocks as they are, added and removed
 * blocks whole, and an edited block with only its changed words marked
 * (`<ins>` / `<del>`, which screen readers can announce).
 */
function DiffBody({ diff }: { diff: ApprovalDiffDto }) {
  if (!diff.changed) return <p>Nothing has changed since the section was approved.</p>;
  if (diff.blocks.every((block) => block.kind === 'same')) {
    return <p>The paragraphs are the same, but their order or formatting changed.</p>;
  }
  return (
    <ol className="nhsuk-list jointly-diff">
      {diff.blocks.map((block, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs may repeat; the list is rebuilt on each load.
        <li key={index} className={`jointly-diff__block jointly-diff__block--${block.kind}`}>
          <span className="nhsuk-u-visually-hidden">{BLOCK_LABELS[block.kind]}: </span>
          {block.parts.map((part, at) => {
            const text = part.text || '(an empty paragraph)';
            // biome-ignore-start lint/suspicious/noArrayIndexKey: parts are positional.
            if (part.kind === 'added') return <ins key={at}>{text}</ins>;
            if (part.kind === 'removed') return <del key={at}>{text}</del>;
            return <span key={at}>{text}</span>;
            // biome-ignore-end lint/suspicious/noArrayIndexKey: parts are positional.
          })}
        </li>
      ))}
    </ol>
  );
}
