import {
  REHEARSAL_NOTE_MAX_CHARS,
  type RehearsalNoteBody,
  type RehearsalNoteDto,
  rehearsalNoteBody,
} from '@jointly/shared';
import { type FormEvent, useState } from 'react';
import { addRehearsalNote } from '../../api/finalistApi.ts';
import { useFormSubmit } from '../../forms/useFormSubmit.ts';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { TextAreaField } from '../fields/TextAreaField.tsx';
import { TextField } from '../fields/TextField.tsx';

const FIELDS = ['rehearsedOn', 'note'] as const;

type RehearsalNoteFormProps = {
  entryId: string;
  onAdded: (note: RehearsalNoteDto) => void;
  add?: typeof addRehearsalNote;
};

/** A lead or contributor adds a dated rehearsal note; the form empties and "Note added" is announced. */
export function RehearsalNoteForm({ entryId, onAdded, add = addRehearsalNote }: RehearsalNoteFormProps) {
  const [rehearsedOn, setRehearsedOn] = useState('');
  const [note, setNote] = useState('');
  const ids = { rehearsedOn: `rehearsal-date-${entryId}`, note: `rehearsal-note-${entryId}` };
  const form = useFormSubmit(FIELDS, rehearsalNoteBody, async (body: RehearsalNoteBody) => {
    onAdded(await add(entryId, body));
    setNote('');
    return 'Note added.';
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit({ rehearsedOn, note });
  };
  return (
    <form noValidate onSubmit={onSubmit} aria-labelledby={`rehearsal-form-heading-${entryId}`}>
      <h4 className="nhsuk-heading-xs" id={`rehearsal-form-heading-${entryId}`}>
        Add a rehearsal note
      </h4>
      <ErrorSummary
        title="The note could not be added"
        items={form.summary((field) => ids[field])}
        focusKey={form.attempt}
      />
      <TextField
        id={ids.rehearsedOn}
        label="Date of the rehearsal"
        type="date"
        width={10}
        value={rehearsedOn}
        onChange={setRehearsedOn}
        error={form.errors.fields.rehearsedOn}
      />
      <TextAreaField
        id={ids.note}
        label="Note"
        hint={`Up to ${REHEARSAL_NOTE_MAX_CHARS.toLocaleString('en-GB')} characters. Every member of the entry can read it.`}
        rows={3}
        value={note}
        onChange={setNote}
        error={form.errors.fields.note}
      />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={form.submitting}>
        Add the note
      </button>
      <p className="nhsuk-u-visually-hidden" role="status">
        {form.saved ?? ''}
      </p>
    </form>
  );
}
