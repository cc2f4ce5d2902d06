import { useEffect, useRef, useState } from 'react';
import { eraseTestimonialData } from '../../api/erasuresApi.ts';
import { formatDateTime } from '../../format/formatDate.ts';
import { TextAreaField } from '../fields/TextAreaField.tsx';
import { InlineError } from '../layout/InlineError.tsx';

type Props = {
  entryId: string;
  itemId: string;
  title: string;
  /** The card already reads "[redacted]": nothing left to erase, but an outcome this page saw stays. */
  erased: boolean;
};

/**
 * "Erase this person’s data" on a testimonial's card, for leads (issue 18 item 2): a confirm step
 * with a required reason, keyboard first (the caret goes to the reason; Cancel returns to the
 * button), the outcome announced. The server redacts the live entry, its stored history, every
 * submitted version (re-attested) and the consent record, so the card re-renders as "[redacted]".
 * The card keeps this component across that re-render (`erased`): the resync can arrive before the
 * server's answer, and the outcome (which holds the focus) must not vanish with the button.
 */
export function EraseTestimonialData({ entryId, itemId, title, erased }: Props) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const reasonId = `erase-${itemId}-reason`;

  useEffect(() => {
    if (open) document.getElementById(reasonId)?.focus();
  }, [open, reasonId]);
  useEffect(() => {
    if (done) statusRef.current?.focus();
  }, [done]);

  const cancel = () => {
    setOpen(false);
    setReasonError(undefined);
    setProblem(null);
    // Focus goes back where it was once the button is rendered again.
    setTimeout(() => buttonRef.current?.focus(), 0);
  };

  const erase = async () => {
    if (reason.trim() === '') {
      setReasonError('Say why this person’s data is erased');
      return;
    }
    setBusy(true);
    try {
      const erasure = await eraseTestimonialData(entryId, { itemId, reason: reason.trim() });
      const versions = erasure.versions.length;
      setDone(
        `This person’s data was erased on ${formatDateTime(erasure.erasedAt)}` +
          (versions > 0 ? `; ${versions} submitted version${versions === 1 ? ' was' : 's were'} re-attested.` : '.'),
      );
      setOpen(false);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <p className="nhsuk-body-s" role="status" tabIndex={-1} ref={statusRef}>
        {done}
      </p>
    );
  }
  if (erased) return null;
  if (!open) {
    return (
      <button
        type="button"
        ref={buttonRef}
        className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
        onClick={() => setOpen(true)}
      >
        Erase this person’s data
        <span className="nhsuk-u-visually-hidden"> (testimonial: {title})</span>
      </button>
    );
  }
  return (
    <div className="jointly-erase">
      <TextAreaField
        id={reasonId}
        label="Why is this person’s data erased?"
        hint="Their name, role, organisation, quote and consent details are replaced by [redacted] everywhere, in every submitted version too, and their consent files are deleted. This cannot be undone."
        value={reason}
        onChange={(value) => {
          setReason(value);
          setReasonError(undefined);
        }}
        error={reasonError}
      />
      {problem ? <InlineError>{problem}</InlineError> : null}
      <div className="jointly-button-row">
        <button
          type="button"
          className="nhsuk-button nhsuk-button--small nhsuk-button--warning"
          onClick={erase}
          disabled={busy}
        >
          Erase permanently
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--small nhsuk-button--secondary" onClick={cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
