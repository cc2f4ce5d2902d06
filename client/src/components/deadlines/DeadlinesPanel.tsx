import { type EntryDeadlinesDto, REMINDER_OFFSET_LABELS, REMINDER_OFFSETS, type ReminderOffset } from '@jointly/shared';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/ApiError.ts';
import { getDeadlines, saveDeadlines } from '../../api/deadlinesApi.ts';
import { formatDateTime } from '../../format/formatDate.ts';
import { CheckboxGroup } from '../fields/CheckboxGroup.tsx';
import { TextField } from '../fields/TextField.tsx';
import { InlineError } from '../layout/InlineError.tsx';
import { problemText } from '../layout/ProblemMessage.tsx';
import { Countdown } from './Countdown.tsx';
import { ukInstant, ukParts } from './ukLocalTime.ts';

type Fields = { entryDate: string; entryTime: string; awardDate: string; awardTime: string; offsets: ReminderOffset[] };

const fieldsOf = (d: EntryDeadlinesDto): Fields => {
  const entry = d.entryDeadline ? ukParts(d.entryDeadline) : { date: '', time: '17:00' };
  const award =
    d.awardDeadline && d.awardDeadlineSource === 'entry' ? ukParts(d.awardDeadline) : { date: '', time: '17:00' };
  return {
    entryDate: entry.date,
    entryTime: entry.time,
    awardDate: award.date,
    awardTime: award.time,
    offsets: d.reminderOffsets,
  };
};

/**
 * An entry's deadlines and reminders (issue 17 item 2): every member sees them and the countdown;
 * a lead sets the entry's own deadline, the award's where its category gives none, and which
 * reminders go (UK time). Errors name the field the server refused.
 */
export function DeadlinesPanel({ entryId, onSaved }: { entryId: string; onSaved?: () => void }) {
  const [deadlines, setDeadlines] = useState<EntryDeadlinesDto | null>(null);
  const [fields, setFields] = useState<Fields | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');

  const load = useCallback(async () => {
    try {
      const d = await getDeadlines(entryId);
      setDeadlines(d);
      setFields(fieldsOf(d));
    } catch (error) {
      setProblem(`The deadlines could not be loaded: ${problemText(error)}`);
    }
  }, [entryId]);
  useEffect(() => {
    void load();
  }, [load]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!fields || !deadlines) return;
    const errors: Record<string, string> = {};
    const entryDeadline = fields.entryDate ? ukInstant(fields.entryDate, fields.entryTime) : null;
    if (fields.entryDate && !entryDeadline) errors.entryDeadline = 'Enter a real date and time';
    const editableAward = deadlines.awardDeadlineSource !== 'template';
    const awardDeadline = editableAward && fields.awardDate ? ukInstant(fields.awardDate, fields.awardTime) : null;
    if (editableAward && fields.awardDate && !awardDeadline) errors.awardDeadline = 'Enter a real date and time';
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    try {
      const saved = await saveDeadlines(entryId, {
        entryDeadline,
        ...(editableAward ? { awardDeadline } : {}),
        reminderOffsets: fields.offsets,
      });
      setDeadlines(saved);
      setFields(fieldsOf(saved));
      setProblem(null);
      setStatus('Deadlines saved. Reminders will go as chosen.');
      onSaved?.();
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0) {
        setFieldErrors(
          Object.fromEntries(error.issues.map((issue) => [issue.path.split('.')[0] ?? '', issue.message])),
        );
      }
      setProblem(`The deadlines were not saved: ${problemText(error)}`);
      setStatus('');
    }
  }

  const set = (patch: Partial<Fields>) => setFields((f) => (f ? { ...f, ...patch } : f));
  return (
    <section className="nhsuk-card" aria-labelledby={`deadlines-heading-${entryId}`}>
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-m" id={`deadlines-heading-${entryId}`}>
          Deadlines and reminders
        </h2>
        {problem ? <InlineError>{problem}</InlineError> : null}
        {deadlines ? (
          <dl className="nhsuk-summary-list">
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Our deadline</dt>
              <dd className="nhsuk-summary-list__value">
                {deadlines.entryDeadline ? formatDateTime(deadlines.entryDeadline) : 'None set'}
              </dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Award deadline</dt>
              <dd className="nhsuk-summary-list__value">
                {deadlines.awardDeadline ? formatDateTime(deadlines.awardDeadline) : 'Not announced yet'}
                {deadlines.awardDeadlineSource === 'template' ? ' (from the award category)' : ''}
              </dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Time left</dt>
              <dd className="nhsuk-summary-list__value">
                {deadlines.countdown ? <Countdown countdown={deadlines.countdown} /> : 'No deadline yet'}
              </dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Reminders</dt>
              <dd className="nhsuk-summary-list__value">
                {deadlines.reminderOffsets.length > 0
                  ? deadlines.reminderOffsets.map((o) => REMINDER_OFFSET_LABELS[o]).join('; ')
                  : 'None'}
              </dd>
            </div>
          </dl>
        ) : null}
        {deadlines?.canEdit && fields ? (
          <form onSubmit={submit} noValidate>
            <TextField
              id={`deadline-entry-date-${entryId}`}
              label="Our deadline: date"
              hint="Leave empty for none. Reminders to leads count down to this, or else to the award’s deadline."
              type="date"
              value={fields.entryDate}
              onChange={(entryDate) => set({ entryDate })}
              error={fieldErrors.entryDeadline}
              width={10}
            />
            <TextField
              id={`deadline-entry-time-${entryId}`}
              label="Our deadline: time (UK)"
              type="time"
              value={fields.entryTime}
              onChange={(entryTime) => set({ entryTime })}
              width={10}
            />
            {deadlines.awardDeadlineSource !== 'template' ? (
              <>
                <TextField
                  id={`deadline-award-date-${entryId}`}
                  label="Award deadline: date"
                  hint="This award’s category gives no deadline: set the organiser’s, if known."
                  type="date"
                  value={fields.awardDate}
                  onChange={(awardDate) => set({ awardDate })}
                  error={fieldErrors.awardDeadline}
                  width={10}
                />
                <TextField
                  id={`deadline-award-time-${entryId}`}
                  label="Award deadline: time (UK)"
                  type="time"
                  value={fields.awardTime}
                  onChange={(awardTime) => set({ awardTime })}
                  width={10}
                />
              </>
            ) : null}
            <CheckboxGroup
              id={`deadline-reminders-${entryId}`}
              legend="Send reminders"
              hint="To leads before the deadline, to organisations that have not endorsed, and to people before their sections are due."
              options={REMINDER_OFFSETS.map((o) => ({ value: o, label: REMINDER_OFFSET_LABELS[o] }))}
              values={fields.offsets}
              onChange={(values) => set({ offsets: values as ReminderOffset[] })}
              error={fieldErrors.reminderOffsets}
            />
            <button className="nhsuk-button" type="submit">
              Save deadlines
            </button>
          </form>
        ) : null}
        <p className="nhsuk-u-visually-hidden" role="status">
          {status}
        </p>
      </div>
    </section>
  );
}
