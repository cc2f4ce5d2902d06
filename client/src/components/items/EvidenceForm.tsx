import {
  EVIDENCE_KIND_LABELS,
  EVIDENCE_KINDS,
  EVIDENCE_MAP,
  type EvidenceFields,
  type EvidenceKind,
  isIsoDate,
} from '@jointly/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { fieldLengthProblems } from '../../forms/fieldLengthProblems.ts';
import { type FormErrors, hasErrors, noErrors, summaryItems } from '../../forms/formErrors.ts';
import { CheckboxGroup } from '../fields/CheckboxGroup.tsx';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { RadioGroup } from '../fields/RadioGroup.tsx';
import { TextField } from '../fields/TextField.tsx';

/** What the form edits: every field but the attached files, which the item card manages (issue 13). */
export type EvidenceFormFields = Omit<EvidenceFields, 'files'>;
type Draft = Omit<EvidenceFormFields, 'kind'> & { kind: EvidenceKind | '' };
type Field = 'title' | 'kind' | 'date';
const FIELD_ORDER: readonly Field[] = ['title', 'kind', 'date'];
const ID = 'evidence-form';
const fieldId = (field: string) => `${ID}-${field}`;

function validate(draft: Draft): FormErrors<Field> {
  const errors = noErrors<Field>();
  if (draft.title.trim() === '') errors.fields.title = 'Enter a title for the evidence';
  if (draft.kind === '') errors.fields.kind = 'Select what kind of evidence it is';
  if (draft.date !== '' && !isIsoDate(draft.date)) errors.fields.date = 'The date must be a real date';
  errors.form.push(
    ...fieldLengthProblems(EVIDENCE_MAP, draft, {
      title: 'The title',
      baseline: 'The baseline',
      result: 'The result',
      period: 'The period',
      source: 'The source',
    }),
  );
  return errors;
}

type EvidenceFormProps = {
  initial: EvidenceFormFields | null;
  sections: { id: string; title: string }[];
  /** Writes the evidence; returns a problem to show, or null when saved. */
  onSave: (fields: EvidenceFormFields) => string | null;
  onCancel: () => void;
};

/** Adds or changes a piece of evidence: what it is, its figures, where it comes from, the sections it supports. */
export function EvidenceForm({ initial, sections, onSave, onCancel }: EvidenceFormProps) {
  const [draft, setDraft] = useState<Draft>(() => {
    if (!initial)
      return { title: '', kind: '', baseline: '', result: '', period: '', date: '', source: '', sectionIds: [] };
    // The files are not the form's: leaving them out means saving can never undo an upload made meanwhile.
    const { files: _files, ...fields } = initial as EvidenceFormFields & { files?: string[] };
    return fields;
  });
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((current) => ({ ...current, [key]: value }));

  useEffect(() => {
    heading.current?.focus();
  }, []);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(draft);
    setAttempt((n) => n + 1);
    if (hasErrors(found) || draft.kind === '') {
      setErrors(found);
      return;
    }
    const problem = onSave({
      ...draft,
      kind: draft.kind,
      title: draft.title.trim(),
      baseline: draft.baseline.trim(),
      result: draft.result.trim(),
      period: draft.period.trim(),
      source: draft.source.trim(),
    });
    setErrors(problem ? { fields: {}, form: [problem] } : noErrors());
  };

  return (
    <form
      className="jointly-item-form"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby={`${ID}-heading`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <h3 className="nhsuk-heading-s" id={`${ID}-heading`} tabIndex={-1} ref={heading}>
        {initial ? 'Change evidence' : 'Add evidence'}
      </h3>
      <ErrorSummary items={summaryItems(errors, FIELD_ORDER, fieldId)} focusKey={attempt} />
      <TextField
        id={fieldId('title')}
        label="Title"
        hint="For example, Emergency readmissions within 30 days."
        value={draft.title}
        onChange={set('title')}
        error={errors.fields.title}
        autoComplete="off"
      />
      <RadioGroup
        id={fieldId('kind')}
        name={fieldId('kind')}
        legend="What kind of evidence is it?"
        small
        options={EVIDENCE_KINDS.map((kind) => ({ value: kind, label: EVIDENCE_KIND_LABELS[kind] }))}
        value={draft.kind}
        onChange={(value) => set('kind')(value as EvidenceKind)}
        error={errors.fields.kind}
      />
      <TextField
        id={fieldId('baseline')}
        label="Baseline (optional)"
        hint="Where things started."
        value={draft.baseline}
        onChange={set('baseline')}
        autoComplete="off"
      />
      <TextField
        id={fieldId('result')}
        label="Result (optional)"
        hint="Where things ended up."
        value={draft.result}
        onChange={set('result')}
        autoComplete="off"
      />
      <TextField
        id={fieldId('period')}
        label="Period (optional)"
        hint="For example, April 2023 to March 2024."
        value={draft.period}
        onChange={set('period')}
        autoComplete="off"
      />
      <TextField
        id={fieldId('date')}
        label="Date (optional)"
        type="date"
        width={10}
        value={draft.date}
        onChange={set('date')}
        error={errors.fields.date}
      />
      <TextField
        id={fieldId('source')}
        label="Source (optional)"
        hint="Where the figures or document come from."
        value={draft.source}
        onChange={set('source')}
        autoComplete="off"
      />
      <CheckboxGroup
        id={`${ID}-sections`}
        legend="Sections it supports"
        options={sections.map((section) => ({ value: section.id, label: section.title }))}
        values={draft.sectionIds}
        onChange={set('sectionIds')}
      />
      <div className="jointly-button-row">
        <button type="submit" className="nhsuk-button nhsuk-button--small">
          {initial ? 'Save evidence' : 'Add evidence'}
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--small nhsuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
