import { can, type EntryDto, type FinalistStageDto } from '@jointly/shared';
import { useCallback, useEffect, useState } from 'react';
import { getFinalistStage } from '../../api/finalistApi.ts';
import { useEntryEvents, useEntryEventsResumed } from '../../collab/entryEvents.ts';
import { formatCalendarDate } from '../../format/formatDate.ts';
import { plural } from '../../format/plural.ts';
import { InlineError } from '../layout/InlineError.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';
import { FinalistOutline, type OutlineBinding } from './FinalistOutline.tsx';
import { FinalistStageForm } from './FinalistStageForm.tsx';
import { RehearsalNoteForm } from './RehearsalNoteForm.tsx';

type FinalistPanelProps = {
  entry: Pick<EntryDto, 'id' | 'role' | 'status' | 'members'>;
  load?: typeof getFinalistStage;
  /** The entry's live document for the co-written outline; absent (no session yet), it is not shown. */
  outline?: OutlineBinding | null;
};

/**
 * The finalist stage (issue 17 item 4), in the "After submitting" region:
 * presenters, time limit, the co-written outline and rehearsal notes for every
 * member; a lead sets the presentation, leads and contributors write the
 * outline and add notes. Shown once the outcome is
 * "finalist" (or when something was recorded then); read again on the
 * `finalist` and `outcome` events.
 */
export function FinalistPanel({ entry, load = getFinalistStage, outline = null }: FinalistPanelProps) {
  const [stage, setStage] = useState<FinalistStageDto | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    try {
      setStage(await load(entry.id));
      setProblem(null);
    } catch (error) {
      setProblem(`The finalist stage could not be loaded: ${problemText(error)}`);
    }
  }, [entry.id, load]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new status is the trigger.
  useEffect(() => {
    void refresh();
  }, [refresh, entry.status]);
  // One sent while its socket reconnected (as it does on every submission) is otherwise missed.
  useEntryEventsResumed(entry.id, () => void refresh());
  useEntryEvents(entry.id, (event) => {
    if (event.kind === 'finalist' || event.kind === 'outcome') void refresh();
  });

  if (problem) return <InlineError>{problem}</InlineError>;
  if (!stage) return null;
  const recorded =
    stage.timeLimitMinutes !== null ||
    stage.presenters.length > 0 ||
    stage.notes.length > 0 ||
    (outline !== null && outline.fragment.length > 0);
  if (!stage.open && !recorded) return null;
  const headingId = `finalist-heading-${entry.id}`;
  return (
    <section className="jointly-finalist" aria-labelledby={headingId}>
      <h3 className="nhsuk-heading-s" id={headingId}>
        Finalist stage
      </h3>
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Time limit</dt>
          <dd className="nhsuk-summary-list__value">
            {stage.timeLimitMinutes === null
              ? 'Not set yet'
              : `${plural(stage.timeLimitMinutes, 'minute', 'minutes')}, about ${(
                  stage.timeLimitMinutes * stage.wordsPerMinute
                ).toLocaleString('en-GB')} words at ${stage.wordsPerMinute} words a minute`}
          </dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Presenters</dt>
          <dd className="nhsuk-summary-list__value">
            {stage.presenters.length === 0
              ? 'None chosen yet'
              : stage.presenters.map((p) => `${p.name} (${p.organisation.name})`).join(', ')}
          </dd>
        </div>
      </dl>
      {stage.open && entry.role === 'lead' ? (
        <FinalistStageForm entry={entry} current={stage} onSaved={setStage} />
      ) : null}
      {outline ? (
        <FinalistOutline
          entryId={entry.id}
          binding={outline}
          editable={stage.open && can(entry.role, 'edit') && outline.connected}
          wordsPerMinute={stage.wordsPerMinute}
          timeLimitMinutes={stage.timeLimitMinutes}
        />
      ) : null}
      <h4 className="nhsuk-heading-xs">Rehearsal notes</h4>
      {stage.notes.length === 0 ? <p className="nhsuk-body">No rehearsal notes yet.</p> : null}
      <ul className="nhsuk-list">
        {stage.notes.map((note) => (
          <li key={note.id}>
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
              <strong>{formatCalendarDate(note.rehearsedOn)}</strong>, {note.author.name} (
              {note.author.organisation.name})
            </p>
            <p className="nhsuk-body jointly-finalist__note">{note.note}</p>
          </li>
        ))}
      </ul>
      {stage.open && can(entry.role, 'edit') ? (
        <RehearsalNoteForm entryId={entry.id} onAdded={() => void refresh()} />
      ) : null}
    </section>
  );
}
