import { type EntryDto, type EntryOutcomeStateDto, OUTCOME_STAGE_LABELS } from '@jointly/shared';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { getOutcome } from '../../api/outcomeApi.ts';
import { useEntryEvents, useEntryEventsResumed } from '../../collab/entryEvents.ts';
import { formatCalendarDate, formatDateTime } from '../../format/formatDate.ts';
import { InlineError } from '../layout/InlineError.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';
import { OutcomeForm } from './OutcomeForm.tsx';

type OutcomePanelProps = {
  entry: Pick<EntryDto, 'id' | 'role' | 'status'>;
  load?: typeof getOutcome;
  /** More of the region, after the outcome (the finalist stage). */
  children?: ReactNode;
};

/**
 * After submitting (issue 17 item 4): what became of the entry on the award's
 * portal and the judges' feedback, for every member; a lead records it once
 * the entry has a submitted version. Read again when a lead anywhere records
 * it (event `outcome`) and when the entry is submitted or reopened.
 */
export function OutcomePanel({ entry, load = getOutcome, children }: OutcomePanelProps) {
  const [state, setState] = useState<EntryOutcomeStateDto | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setState(await load(entry.id));
      setProblem(null);
    } catch (error) {
      setProblem(`The outcome could not be loaded: ${problemText(error)}`);
    }
  }, [entry.id, load]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new status (submitted, reopened) is the trigger.
  useEffect(() => {
    void refresh();
  }, [refresh, entry.status]);
  // An outcome recorded while the socket reconnected (as it does on every submission) is otherwise missed.
  useEntryEventsResumed(entry.id, () => void refresh());
  useEntryEvents(entry.id, (event) => {
    if (event.kind === 'outcome') void refresh();
  });

  const outcome = state?.outcome ?? null;
  const mayRecord = entry.role === 'lead' && state?.hasSubmittedVersion === true;
  return (
    <section className="nhsuk-card jointly-outcome" aria-labelledby={`outcome-heading-${entry.id}`}>
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-m" id={`outcome-heading-${entry.id}`}>
          After submitting
        </h2>
        {problem ? <InlineError>{problem}</InlineError> : null}
        {state && !state.hasSubmittedVersion ? (
          <p className="nhsuk-body">
            Once the entry is submitted, a lead can record what happened on the award’s portal and the judges’ feedback
            here.
          </p>
        ) : null}
        {state?.hasSubmittedVersion && !outcome ? <p className="nhsuk-body">No outcome recorded yet.</p> : null}
        {outcome ? (
          <dl className="nhsuk-summary-list">
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Outcome</dt>
              <dd className="nhsuk-summary-list__value">{OUTCOME_STAGE_LABELS[outcome.stage]}</dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Submitted on the portal</dt>
              <dd className="nhsuk-summary-list__value">
                {outcome.portalSubmittedOn ? formatCalendarDate(outcome.portalSubmittedOn) : 'Date not recorded'}
              </dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Judges’ feedback</dt>
              <dd className="nhsuk-summary-list__value jointly-outcome__feedback">
                {outcome.feedback === '' ? 'None recorded' : outcome.feedback}
              </dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Recorded by</dt>
              <dd className="nhsuk-summary-list__value">
                {outcome.recordedBy.name} ({outcome.recordedBy.organisation.name}), {formatDateTime(outcome.recordedAt)}
              </dd>
            </div>
          </dl>
        ) : null}
        {mayRecord && !editing ? (
          <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setEditing(true)}>
            {outcome ? 'Change the outcome' : 'Record the outcome'}
          </button>
        ) : null}
        {mayRecord && editing ? (
          <OutcomeForm
            entryId={entry.id}
            current={outcome}
            onSaved={(saved) => {
              setState((previous) => ({ hasSubmittedVersion: previous?.hasSubmittedVersion ?? true, outcome: saved }));
            }}
          />
        ) : null}
        {children}
      </div>
    </section>
  );
}
