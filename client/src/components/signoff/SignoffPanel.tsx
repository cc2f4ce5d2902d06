import { type EntryDto, ErrorCode, type MeDto, type SubmissionDto } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/ApiError.ts';
import { endorseEntry, getSubmitConditions, submitEntry } from '../../api/apiClient.ts';
import { endorsementIsCurrent } from '../../collab/liveStatus.ts';
import { SUBMIT_CONDITIONS_SETTLE_MS } from '../../config.ts';
import { formatDateTime } from '../../format/formatDate.ts';
import { ErrorSummary, type ErrorSummaryItem } from '../fields/ErrorSummary.tsx';
import { itemIds } from '../items/ItemCard.tsx';
import { ConfirmAction } from '../layout/ConfirmAction.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';
import { sectionIds } from '../sectionIds.ts';
import { SubmitConditionsList } from './SubmitConditionsList.tsx';

/** Element id of an organisation's endorsement row (the error summary links to it). */
export const endorsementRowId = (organisationId: string) => `endorsement-${organisationId}`;

/**
 * Where an unmet submit condition (S-SUBMIT-1 `path`) is on the page: the
 * section's heading, the coverage summary, the testimonial, the organisation's
 * endorsement; null when there is nowhere to go.
 */
export function issueTarget(path: string, entry: Pick<EntryDto, 'sections' | 'organisations'>): string | null {
  const [kind, id] = path.split('.');
  if (!id) return null;
  const isSection = entry.sections.some((section) => section.id === id);
  if (kind === 'sections') return isSection ? sectionIds(id).heading : null;
  if (kind === 'coverage') return isSection ? sectionIds(id).heading : 'coverage-heading';
  if (kind === 'testimonials' || kind === 'evidence') return itemIds(id).heading;
  if (kind === 'endorsements') {
    return entry.organisations.some((organisation) => organisation.id === id) ? endorsementRowId(id) : null;
  }
  return null;
}

/** A fresh Idempotency-Key: crypto.randomUUID where there is one (secure contexts), else 122 random bits as a v4 UUID. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether a failed submit may have reached the server, so a retry must send the same key. */
const outcomeUnknown = (error: unknown) => !(error instanceof ApiError) || error.status === 0 || error.status >= 500;

type SignoffPanelProps = {
  entry: EntryDto;
  me: MeDto;
  /** The entry's content hash computed live in this browser (null until the document has loaded). */
  liveEntryHash: string | null;
  /** Reads the entry again (after endorsing or submitting). */
  reloadEntry: () => Promise<void>;
};

type SubmitOutcome =
  | { kind: 'none' }
  /** `refreshed`: read again after a change since the refusal (shown as a live list, not the refusal's summary). */
  | { kind: 'unmet'; items: ErrorSummaryItem[]; refreshed: boolean }
  | { kind: 'problem'; message: string }
  | { kind: 'submitted'; submission: SubmissionDto };

/**
 * Entry-level sign-off (PRODUCT §3 journeys 6–7): each organisation's endorsement
 * (current, withdrawn after a change, or none), "Endorse for <organisation>" and
 * "Submit entry" for a lead. A refused submit lists every unmet condition in an
 * error summary that takes focus; a submission shows its version and hash.
 */
export function SignoffPanel({ entry, me, liveEntryHash, reloadEntry }: SignoffPanelProps) {
  const isLead = entry.role === 'lead';
  const submitted = entry.status === 'submitted';
  const myOrganisation = entry.members.find((member) => member.userId === me.user.id)?.organisation ?? me.organisation;
  const endorsements = entry.endorsements ?? [];

  const [announcement, setAnnouncement] = useState('');
  const [endorsing, setEndorsing] = useState(false);
  const [endorseProblem, setEndorseProblem] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<SubmitOutcome>({ kind: 'none' });
  const [focusKey, setFocusKey] = useState(0);
  /** The key of the submit attempt whose outcome is not known yet (network failure, 5xx): a retry reuses it. */
  const attemptKey = useRef<string | null>(null);
  const confirmation = useRef<HTMLDivElement>(null);
  const [confirming, setConfirming] = useState(false);
  const submitButton = useRef<HTMLButtonElement>(null);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  /** Focus goes back to "Submit entry" when the confirmation is cancelled. */
  const returnFocus = useRef(false);
  /** The entry and live hash the unmet conditions were last read for. */
  const conditionsReadFor = useRef<{ entry: EntryDto; hash: string | null } | null>(null);
  const leadOrganisations = new Set(entry.members.filter((m) => m.role === 'lead').map((m) => m.organisation.id));

  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      submitButton.current?.focus();
    }
  }, [confirming]);

  // Unmet conditions stay true to the entry: once a submit was refused they are read again
  // after every change (an endorsement, approval, role change, or edit, live or by others).
  const showingConditions = outcome.kind === 'unmet';
  useEffect(() => {
    if (!showingConditions) return;
    const last = conditionsReadFor.current;
    if (last && last.entry === entry && last.hash === liveEntryHash) return;
    conditionsReadFor.current = { entry, hash: liveEntryHash };
    const controller = new AbortController();
    const timer = setTimeout(() => {
      getSubmitConditions(entry.id, controller.signal).then(
        (result) => {
          const items = result.issues.map((issue) => ({
            fieldId: issueTarget(issue.path, entry),
            message: issue.message,
          }));
          setOutcome((current) => (current.kind === 'unmet' ? { kind: 'unmet', items, refreshed: true } : current));
        },
        () => {
          // Not read this time (offline, aborted): the next change tries again.
          if (conditionsReadFor.current?.entry === entry) conditionsReadFor.current = null;
        },
      );
    }, SUBMIT_CONDITIONS_SETTLE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [showingConditions, entry, liveEntryHash]);

  // A refusal stops applying once the entry is submitted; a confirmation once it is reopened.
  useEffect(() => {
    setOutcome((current) =>
      (entry.status === 'submitted' && current.kind !== 'submitted') ||
      (entry.status === 'draft' && current.kind === 'submitted')
        ? { kind: 'none' }
        : current,
    );
  }, [entry.status]);

  const endorse = async () => {
    setEndorsing(true);
    setEndorseProblem(null);
    setAnnouncement('');
    try {
      await endorseEntry(entry.id);
      await reloadEntry().catch(() => undefined);
      setAnnouncement(`Entry endorsed for ${myOrganisation.name}.`);
    } catch (error) {
      setEndorseProblem(problemText(error));
    } finally {
      setEndorsing(false);
    }
  };

  const submit = async () => {
    setConfirming(false);
    const key = attemptKey.current ?? newIdempotencyKey();
    attemptKey.current = key;
    setSubmitting(true);
    setAnnouncement('');
    try {
      const submission = await submitEntry(entry.id, key);
      attemptKey.current = null;
      setOutcome({ kind: 'submitted', submission });
      setAnnouncement(`Entry submitted as version ${submission.version}.`);
      await reloadEntry().catch(() => undefined);
      confirmation.current?.focus();
    } catch (error) {
      if (!outcomeUnknown(error)) attemptKey.current = null;
      if (error instanceof ApiError && error.code === ErrorCode.submitConditionsUnmet) {
        const items = error.issues.map((issue) => ({
          fieldId: issueTarget(issue.path, entry),
          message: issue.message,
        }));
        conditionsReadFor.current = { entry, hash: liveEntryHash };
        setOutcome({
          kind: 'unmet',
          items: items.length > 0 ? items : [{ fieldId: null, message: error.message }],
          refreshed: false,
        });
        setFocusKey((current) => current + 1);
      } else {
        const retry = outcomeUnknown(error) ? ' Try again: the entry will not be submitted twice.' : '';
        setOutcome({ kind: 'problem', message: `${problemText(error)}${retry}` });
        setFocusKey((current) => current + 1);
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <section className="nhsuk-card jointly-signoff" aria-labelledby="signoff-heading">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-m" id="signoff-heading">
          Sign-off
        </h2>
        {outcome.kind === 'unmet' && !outcome.refreshed ? (
          <ErrorSummary title="The entry cannot be submitted yet" items={outcome.items} focusKey={focusKey} />
        ) : null}
        {outcome.kind === 'unmet' && outcome.refreshed ? <SubmitConditionsList items={outcome.items} /> : null}
        {outcome.kind === 'problem' ? (
          <ErrorSummary
            title="The entry could not be submitted"
            items={[{ fieldId: null, message: outcome.message }]}
            focusKey={focusKey}
          />
        ) : null}
        {outcome.kind === 'submitted' ? (
          <div className="nhsuk-panel jointly-confirmation" tabIndex={-1} ref={confirmation}>
            <h3 className="nhsuk-panel__title">Entry submitted</h3>
            <div className="nhsuk-panel__body">
              <p>
                Version {outcome.submission.version}, submitted on {formatDateTime(outcome.submission.submittedAt)}.
              </p>
              <p className="jointly-hash">
                Content hash: <code>{outcome.submission.contentHash}</code>
              </p>
            </div>
          </div>
        ) : null}

        <h3 className="nhsuk-heading-s">Endorsements</h3>
        <p className="nhsuk-body-s">
          Every organisation on the entry endorses it before it is submitted. A change to the entry withdraws the
          endorsements given before it.
        </p>
        <table className="nhsuk-table jointly-endorsements">
          <caption className="nhsuk-u-visually-hidden">Endorsements by organisation</caption>
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Endorsement</th>
            </tr>
          </thead>
          <tbody>
            {entry.organisations.map((organisation) => {
              const endorsement = endorsements.find((e) => e.organisation.id === organisation.id) ?? null;
              const current = endorsement ? endorsementIsCurrent(endorsement, liveEntryHash) : false;
              return (
                <tr key={organisation.id} id={endorsementRowId(organisation.id)} tabIndex={-1}>
                  <th scope="row">{organisation.name}</th>
                  <td>
                    {endorsement === null ? (
                      <strong className="nhsuk-tag nhsuk-tag--grey">Not endorsed</strong>
                    ) : current ? (
                      <strong className="nhsuk-tag nhsuk-tag--green">Endorsed</strong>
                    ) : (
                      <strong className="nhsuk-tag nhsuk-tag--orange">Withdrawn</strong>
                    )}
                    {!current && !leadOrganisations.has(organisation.id) ? (
                      <span className="jointly-endorsement__no-lead">
                        {' '}
                        {organisation.name} has no lead on this entry, so it cannot endorse.{' '}
                        {isLead ? 'Make' : 'A lead can make'} someone from {organisation.name} a lead to endorse for it.
                      </span>
                    ) : null}
                    {endorsement ? (
                      <span className="jointly-endorsement__by">
                        {' '}
                        {current ? 'By' : 'Endorsed an earlier version: by'} {endorsement.endorsedBy.name} on{' '}
                        {formatDateTime(endorsement.endorsedAt)}
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>

        {isLead && !submitted ? (
          <div className="nhsuk-button-group jointly-signoff__actions">
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              onClick={() => {
                if (!endorsing) void endorse();
              }}
              aria-disabled={endorsing}
            >
              Endorse for {myOrganisation.name}
            </button>
            {confirming ? null : (
              <button
                type="button"
                className="nhsuk-button"
                ref={submitButton}
                onClick={() => {
                  if (!submitting) setConfirming(true);
                }}
                aria-disabled={submitting}
              >
                Submit entry
              </button>
            )}
          </div>
        ) : null}
        {isLead && !submitted && confirming ? (
          <ConfirmAction
            id="submit-confirm-title"
            title="Submit this entry?"
            confirmLabel="Yes, submit entry"
            busy={submitting}
            onConfirm={() => void submit()}
            onCancel={() => {
              returnFocus.current = true;
              setConfirming(false);
            }}
            headingRef={confirmHeading}
          >
            Submitting locks the entry for everyone: nobody can change it until a lead reopens it. The submitted version
            is kept with its content hash.
          </ConfirmAction>
        ) : null}
        {!isLead && !submitted ? (
          <p className="nhsuk-body-s jointly-muted">Leads endorse the entry for their organisation and submit it.</p>
        ) : null}
        {endorseProblem ? (
          <p className="nhsuk-error-message" role="alert">
            <span className="nhsuk-u-visually-hidden">Error: </span>
            The entry could not be endorsed: {endorseProblem}
          </p>
        ) : null}
        <p className="nhsuk-u-visually-hidden" role="status">
          {announcement}
        </p>
      </div>
    </section>
  );
}
