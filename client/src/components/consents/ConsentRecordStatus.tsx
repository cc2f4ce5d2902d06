import { CONSENT_METHOD_LABELS, type ConsentRecordDto } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import { getConsentRecord, withdrawConsentRecord } from '../../api/consentsApi.ts';
import { formatCalendarDate } from '../../format/formatDate.ts';
import { TextAreaField } from '../fields/TextAreaField.tsx';
import { InlineError } from '../layout/InlineError.tsx';
import { consentStatusText, consentUsesText } from './consentStatusText.ts';

type Props = { entryId: string; consentId: string; idPrefix: string };

/**
 * A testimonial's consent record as the server holds it (issue 18 item 1): who gave it, what it
 * covers, and its status in words (valid until, expired, withdrawn); withdrawing it with a reason
 * for those allowed (the server decides: `canWithdraw`). A withdrawal reaches every entry using it.
 */
export function ConsentRecordStatus({ entryId, consentId, idPrefix }: Props) {
  const [record, setRecord] = useState<ConsentRecordDto | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const statusRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    let live = true;
    getConsentRecord(entryId, consentId).then(
      (found) => live && setRecord(found),
      (error: Error) => live && setProblem(error.message),
    );
    return () => {
      live = false;
    };
  }, [entryId, consentId]);

  // Keyboard first: opening the withdrawal puts the caret in its reason.
  useEffect(() => {
    if (withdrawing) document.getElementById(`${idPrefix}-withdraw-reason`)?.focus();
  }, [withdrawing, idPrefix]);

  if (problem && !record) return <InlineError>{`The consent record could not be read: ${problem}`}</InlineError>;
  if (!record) return <p className="nhsuk-body-s">Reading the consent record…</p>;

  const withdraw = async () => {
    if (reason.trim() === '') {
      setReasonError('Say why consent is withdrawn');
      return;
    }
    setBusy(true);
    try {
      setRecord(await withdrawConsentRecord(entryId, consentId, { reason: reason.trim() }));
      setWithdrawing(false);
      setProblem(null);
      statusRef.current?.focus();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const giver =
    record.givenBy === 'representative'
      ? `${record.representativeName} (${record.representativeRelationship}) for ${record.personName}`
      : record.personName;
  return (
    <div className="jointly-consent-record">
      <p className="nhsuk-body-s" id={`${idPrefix}-status`} tabIndex={-1} ref={statusRef} aria-live="polite">
        <strong>Consent record: </strong>
        {consentStatusText(record)}
      </p>
      <dl className="nhsuk-summary-list nhsuk-u-margin-bottom-3">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Given by</dt>
          <dd className="nhsuk-summary-list__value">{giver}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Covers</dt>
          <dd className="nhsuk-summary-list__value">{consentUsesText(record)}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Recorded</dt>
          <dd className="nhsuk-summary-list__value">
            {CONSENT_METHOD_LABELS[record.method]}, given {formatCalendarDate(record.givenOn)}, by{' '}
            {record.organisation.name}
            {record.evidenceFileIds.length > 0
              ? `; ${record.evidenceFileIds.length} evidence file${record.evidenceFileIds.length === 1 ? '' : 's'}`
              : ''}
          </dd>
        </div>
      </dl>
      {problem ? <InlineError>{problem}</InlineError> : null}
      {record.canWithdraw && !withdrawing ? (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
          onClick={() => setWithdrawing(true)}
        >
          Withdraw consent
        </button>
      ) : null}
      {record.canWithdraw && withdrawing ? (
        <div>
          <TextAreaField
            id={`${idPrefix}-withdraw-reason`}
            label="Why is consent withdrawn?"
            hint="Every entry that uses this consent is told, and cannot be submitted until the testimonial is removed or new consent is recorded."
            value={reason}
            onChange={(value) => {
              setReason(value);
              setReasonError(undefined);
            }}
            error={reasonError}
          />
          <div className="jointly-button-row">
            <button
              type="button"
              className="nhsuk-button nhsuk-button--small nhsuk-button--warning"
              onClick={withdraw}
              disabled={busy}
            >
              Confirm withdrawal
            </button>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
              onClick={() => setWithdrawing(false)}
            >
              Keep consent
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
