import {
  DEFAULT_WORDS_PER_MINUTE,
  type EntryDto,
  type FinalistStageBody,
  type FinalistStageDto,
  finalistStageBody,
} from '@jointly/shared';
import { type FormEvent, useState } from 'react';
import { saveFinalistStage } from '../../api/finalistApi.ts';
import { useFormSubmit } from '../../forms/useFormSubmit.ts';
import { CheckboxGroup } from '../fields/CheckboxGroup.tsx';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { TextField } from '../fields/TextField.tsx';

const FIELDS = ['timeLimitMinutes', 'wordsPerMinute', 'presenterIds'] as const;

type FinalistStageFormProps = {
  entry: Pick<EntryDto, 'id' | 'members'>;
  current: FinalistStageDto;
  onSaved: (saved: FinalistStageDto) => void;
  save?: typeof saveFinalistStage;
};

/** A lead sets the presentation's time limit, the speaking pace and the presenters, from any organisation's members. */
export function FinalistStageForm({ entry, current, onSaved, save = saveFinalistStage }: FinalistStageFormProps) {
  const [minutes, setMinutes] = useState(current.timeLimitMinutes === null ? '' : String(current.timeLimitMinutes));
  const [pace, setPace] = useState(String(current.wordsPerMinute ?? DEFAULT_WORDS_PER_MINUTE));
  const [presenterIds, setPresenterIds] = useState(current.presenters.map((p) => p.userId));
  const ids = {
    timeLimitMinutes: `finalist-minutes-${entry.id}`,
    wordsPerMinute: `finalist-pace-${entry.id}`,
    presenterIds: `finalist-presenters-${entry.id}`,
  };
  const form = useFormSubmit(FIELDS, finalistStageBody, async (body: FinalistStageBody) => {
    onSaved(await save(entry.id, body));
    return 'Finalist stage saved.';
  });
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit({ timeLimitMinutes: number(minutes), wordsPerMinute: number(pace), presenterIds });
  };
  return (
    <form noValidate onSubmit={onSubmit} aria-labelledby={`finalist-form-heading-${entry.id}`}>
      <h4 className="nhsuk-heading-xs" id={`finalist-form-heading-${entry.id}`}>
        Set the presentation
      </h4>
      <ErrorSummary
        title="The finalist stage could not be saved"
        items={form.summary((field) => ids[field])}
        focusKey={form.attempt}
      />
      <TextField
        id={ids.timeLimitMinutes}
        label="Time limit in minutes"
        inputMode="numeric"
        width={10}
        value={minutes}
        onChange={setMinutes}
        error={form.errors.fields.timeLimitMinutes}
      />
      <TextField
        id={ids.wordsPerMinute}
        label="Speaking pace in words per minute"
        hint="Used to estimate speaking time. A calm presentation is about 130."
        inputMode="numeric"
        width={10}
        value={pace}
        onChange={setPace}
        error={form.errors.fields.wordsPerMinute}
      />
      <CheckboxGroup
        id={ids.presenterIds}
        legend="Presenters"
        hint="Choose from the entry’s members in any organisation."
        options={entry.members.map((member) => ({
          value: member.userId,
          label: `${member.name} (${member.organisation.name})`,
        }))}
        values={presenterIds}
        onChange={setPresenterIds}
        error={form.errors.fields.presenterIds}
      />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={form.submitting}>
        Save the finalist stage
      </button>
      <p className="nhsuk-u-visually-hidden" role="status">
        {form.saved ?? ''}
      </p>
    </form>
  );
}
