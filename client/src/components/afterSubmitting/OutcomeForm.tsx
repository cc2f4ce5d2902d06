import {
  type EntryOutcomeBody,
  type EntryOutcomeDto,
  entryOutcomeBody,
  OUTCOME_FEEDBACK_MAX_CHARS,
  OUTCOME_STAGE_LABELS,
  OUTCOME_STAGES,
  type OutcomeStage,
} from '@jointly/shared';
import { type FormEvent, useState } from 'react';
import { saveOutcome } from '../../api/outcomeApi.ts';
import { useFormSubmit } from '../../forms/useFormSubmit.ts';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { RadioGroup } from '../fields/RadioGroup.tsx';
import { TextAreaField } from '../fields/TextAreaField.tsx';
import { TextField } from '../fields/TextField.tsx';

const FIELDS = ['stage', 'portalSubmittedOn', 'feedback'] as const;

type OutcomeFormProps = {
  entryId: string;
  /** The outcome recorded now, which the form starts from (null: none yet). */
  current: EntryOutcomeDto | null;
  onSaved: (saved: EntryOutcomeDto) => void;
  save?: typeof saveOutcome;
};

/**
 * A lead records the outcome (issue 17 item 4): the stage, the day it went in
 * on the award's portal and the judges' feedback. Checked with the shared
 * schema before sending, as the server checks it; errors in a summary that
 * takes focus, each beside its field; "Outcome saved" announced.
 */
export function OutcomeForm({ entryId, current, onSaved, save = saveOutcome }: OutcomeFormProps) {
  const [stage, setStage] = useState<string>(current?.stage ?? '');
  const [portalSubmittedOn, setPortalSubmittedOn] = useState(current?.portalSubmittedOn ?? '');
  const [feedback, setFeedback] = useState(current?.feedback ?? '');
  const ids = {
    stage: `outcome-stage-${entryId}`,
    portalSubmittedOn: `outcome-portal-date-${entryId}`,
    feedback: `outcome-feedback-${entryId}`,
  };
  const form = useFormSubmit(FIELDS, entryOutcomeBody, async (body: EntryOutcomeBody) => {
    const saved = await save(entryId, body);
    onSaved(saved);
    return `Outcome saved: ${OUTCOME_STAGE_LABELS[saved.stage]}.`;
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit({
      stage: stage as OutcomeStage,
      portalSubmittedOn: portalSubmittedOn === '' ? null : portalSubmittedOn,
      feedback,
    });
  };

  return (
    <form noValidate onSubmit={onSubmit} aria-labelledby={`outcome-form-heading-${entryId}`}>
      <h3 className="nhsuk-heading-s" id={`outcome-form-heading-${entryId}`}>
        Record the outcome
      </h3>
      <ErrorSummary
        title="The outcome could not be saved"
        items={form.summary((field) => ids[field])}
        focusKey={form.attempt}
      />
      <RadioGroup
        id={ids.stage}
        name="stage"
        legend="What happened to the entry"
        options={OUTCOME_STAGES.map((value) => ({ value, label: OUTCOME_STAGE_LABELS[value] }))}
        value={stage}
        onChange={setStage}
        error={form.errors.fields.stage}
        small
      />
      <TextField
        id={ids.portalSubmittedOn}
        label="Date it was submitted on the award’s portal (optional)"
        hint="For example, 14 March 2026"
        type="date"
        width={10}
        value={portalSubmittedOn}
        onChange={setPortalSubmittedOn}
        error={form.errors.fields.portalSubmittedOn}
      />
      <TextAreaField
        id={ids.feedback}
        label="The judges’ written feedback (optional)"
        hint={`Paste it as the organisers sent it, up to ${OUTCOME_FEEDBACK_MAX_CHARS.toLocaleString('en-GB')} characters. Every member of the entry can read it.`}
        rows={6}
        value={feedback}
        onChange={setFeedback}
        error={form.errors.fields.feedback}
      />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={form.submitting}>
        Save the outcome
      </button>
      <p className="nhsuk-u-visually-hidden" role="status">
        {form.saved ?? ''}
      </p>
    </form>
  );
}
