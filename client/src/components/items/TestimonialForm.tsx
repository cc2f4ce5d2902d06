import {
  CONSENT_USE_LABELS,
  CONSENT_USES,
  type ConsentUse,
  consentNeeded,
  isIsoDate,
  TESTIMONIAL_KIND_LABELS,
  TESTIMONIAL_KINDS,
  TESTIMONIALS_MAP,
  type TestimonialFields,
  type TestimonialKind,
} from '@jointly/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { fieldLengthProblems } from '../../forms/fieldLengthProblems.ts';
import { type FormErrors, noErrors, summaryItems } from '../../forms/formErrors.ts';
import { ConsentRecordStatus } from '../consents/ConsentRecordStatus.tsx';
import { RecordConsentFields } from '../consents/RecordConsentFields.tsx';
import { CheckboxGroup } from '../fields/CheckboxGroup.tsx';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { RadioGroup } from '../fields/RadioGroup.tsx';
import { TextAreaField } from '../fields/TextAreaField.tsx';
import { TextField } from '../fields/TextField.tsx';

type Draft = Omit<TestimonialFields, 'kind' | 'consent' | 'consentRecordId'> & {
  /** The server's consent record this testimonial uses (issue 18), or null. */
  consentRecordId: string | null;
  kind: TestimonialKind | '';
  consentObtained: 'yes' | 'no' | '';
  consentDate: string;
  consentHow: string;
  consentUses: ConsentUse[];
};

type Field = 'quote' | 'kind' | 'date' | 'consentDate';
const FIELD_ORDER: readonly Field[] = ['quote', 'kind', 'date', 'consentDate'];
const ID = 'testimonial-form';
const fieldId = (field: string) => `${ID}-${field}`;

function draftOf(fields: TestimonialFields | null): Draft {
  return {
    quote: fields?.quote ?? '',
    personName: fields?.personName ?? '',
    personRole: fields?.personRole ?? '',
    personOrganisation: fields?.personOrganisation ?? '',
    kind: fields?.kind ?? '',
    anonymise: fields?.anonymise ?? false,
    date: fields?.date ?? '',
    sectionIds: fields?.sectionIds ?? [],
    consentObtained: fields?.consent ? (fields.consent.obtained ? 'yes' : 'no') : '',
    consentDate: fields?.consent?.date ?? '',
    consentHow: fields?.consent?.howRecorded ?? '',
    consentUses: fields?.consent?.uses ?? [],
    consentRecordId: fields?.consentRecordId ?? null,
  };
}

function fieldsOf(draft: Draft): TestimonialFields {
  const anyConsent =
    draft.consentObtained !== '' ||
    draft.consentDate !== '' ||
    draft.consentHow.trim() !== '' ||
    draft.consentUses.length > 0;
  return {
    quote: draft.quote.trim(),
    personName: draft.personName.trim(),
    personRole: draft.personRole.trim(),
    personOrganisation: draft.personOrganisation.trim(),
    kind: draft.kind === '' ? 'other' : draft.kind,
    anonymise: draft.anonymise,
    date: draft.date,
    sectionIds: draft.sectionIds,
    // Written only once a record is (or was) used, so older testimonials stay as they were.
    ...(draft.consentRecordId !== null ? { consentRecordId: draft.consentRecordId } : {}),
    consent: anyConsent
      ? {
          obtained: draft.consentObtained === 'yes',
          date: draft.consentDate,
          howRecorded: draft.consentHow.trim(),
          uses: draft.consentUses,
        }
      : null,
  };
}

function validate(draft: Draft): FormErrors<Field> {
  const errors = noErrors<Field>();
  if (draft.quote.trim() === '') errors.fields.quote = 'Enter what the person said';
  if (draft.kind === '') errors.fields.kind = 'Select who the testimonial is from';
  if (draft.date !== '' && !isIsoDate(draft.date)) errors.fields.date = 'The date must be a real date';
  if (draft.consentDate !== '' && !isIsoDate(draft.consentDate)) {
    errors.fields.consentDate = 'The date consent was given must be a real date';
  }
  errors.form.push(
    ...fieldLengthProblems(TESTIMONIALS_MAP, draft, {
      quote: 'What they said',
      personName: 'Their name',
      personRole: 'Their role',
      personOrganisation: 'Their organisation',
    }),
  );
  return errors;
}

type TestimonialFormProps = {
  /** The entry, for its consent records (issue 18); without it only the consent fields are shown. */
  entryId?: string;
  /** The item's current fields when editing, null when adding. */
  initial: TestimonialFields | null;
  sections: { id: string; title: string }[];
  /** Writes the testimonial; returns a problem to show, or null when saved. */
  onSave: (fields: TestimonialFields) => string | null;
  onCancel: () => void;
};

/** Adds or changes a testimonial: what was said, by whom, the sections it supports, and consent. */
export function TestimonialForm({ entryId, initial, sections, onSave, onCancel }: TestimonialFormProps) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
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
    if (found.form.length > 0 || Object.keys(found.fields).length > 0) {
      setErrors(found);
      return;
    }
    const problem = onSave(fieldsOf(draft));
    setErrors(problem ? { fields: {}, form: [problem] } : noErrors());
  };

  const needsConsent = draft.kind !== '' && consentNeeded(fieldsOf(draft));
  const title = initial ? 'Change testimonial' : 'Add a testimonial';
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
        {title}
      </h3>
      <ErrorSummary items={summaryItems(errors, FIELD_ORDER, fieldId)} focusKey={attempt} />
      <TextAreaField
        id={fieldId('quote')}
        label="What they said"
        value={draft.quote}
        onChange={set('quote')}
        error={errors.fields.quote}
      />
      <RadioGroup
        id={fieldId('kind')}
        name={fieldId('kind')}
        legend="Who is it from?"
        small
        options={TESTIMONIAL_KINDS.map((kind) => ({ value: kind, label: TESTIMONIAL_KIND_LABELS[kind] }))}
        value={draft.kind}
        onChange={(value) => set('kind')(value as TestimonialKind)}
        error={errors.fields.kind}
      />
      <TextField
        id={fieldId('personName')}
        label="Their name (optional)"
        hint="Anyone named needs to have given consent, unless their name is anonymised."
        value={draft.personName}
        onChange={set('personName')}
        autoComplete="off"
      />
      <TextField
        id={fieldId('personRole')}
        label="Their role (optional)"
        value={draft.personRole}
        onChange={set('personRole')}
        autoComplete="off"
      />
      <TextField
        id={fieldId('personOrganisation')}
        label="Their organisation (optional)"
        value={draft.personOrganisation}
        onChange={set('personOrganisation')}
        autoComplete="off"
      />
      <TextField
        id={fieldId('date')}
        label="When they said it (optional)"
        type="date"
        width={10}
        value={draft.date}
        onChange={set('date')}
        error={errors.fields.date}
      />
      <CheckboxGroup
        id={`${ID}-sections`}
        legend="Sections it supports"
        options={sections.map((section) => ({ value: section.id, label: section.title }))}
        values={draft.sectionIds}
        onChange={set('sectionIds')}
      />
      <fieldset className="nhsuk-fieldset jointly-consent">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Consent</legend>
        <div className="nhsuk-hint" id={`${ID}-consent-hint`}>
          {needsConsent
            ? 'This testimonial needs the person’s recorded consent before the entry can be submitted.'
            : 'Needed for patients, service users and carers, and for anyone named.'}
        </div>
        {entryId && draft.consentRecordId ? (
          <>
            <ConsentRecordStatus entryId={entryId} consentId={draft.consentRecordId} idPrefix={`${ID}-record`} />
            {draft.consentRecordId !== (initial?.consentRecordId ?? null) ? (
              <p className="nhsuk-body-s">Consent recorded. Save the testimonial to use it.</p>
            ) : null}
          </>
        ) : null}
        {entryId && !draft.consentRecordId ? (
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">Record consent with its evidence</span>
            </summary>
            <div className="nhsuk-details__text">
              <RecordConsentFields
                entryId={entryId}
                personName={draft.personName}
                idPrefix={`${ID}-record`}
                onRecorded={(record) => set('consentRecordId')(record.id)}
              />
            </div>
          </details>
        ) : null}
        {draft.consentRecordId ? null : (
          <>
            <RadioGroup
              id={fieldId('consentObtained')}
              name={`${ID}-consent-obtained`}
              legend="Has the person given consent?"
              small
              options={[
                { value: 'yes', label: 'Yes' },
                { value: 'no', label: 'No, not yet' },
              ]}
              value={draft.consentObtained}
              onChange={(value) => set('consentObtained')(value as Draft['consentObtained'])}
            />
            <TextField
              id={fieldId('consentDate')}
              label="Date consent was given"
              type="date"
              width={10}
              value={draft.consentDate}
              onChange={set('consentDate')}
              error={errors.fields.consentDate}
            />
            <TextField
              id={fieldId('consentHow')}
              label="How consent was recorded"
              hint="For example, a signed form held by the patient experience team."
              value={draft.consentHow}
              onChange={set('consentHow')}
              autoComplete="off"
            />
            <CheckboxGroup
              id={`${ID}-consent-uses`}
              legend="What the consent covers"
              options={CONSENT_USES.map((use) => ({ value: use, label: CONSENT_USE_LABELS[use] }))}
              values={draft.consentUses}
              onChange={(values) => set('consentUses')(values as ConsentUse[])}
            />
          </>
        )}
        <div className="nhsuk-form-group">
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            <div className="nhsuk-checkboxes__item">
              <input
                className="nhsuk-checkboxes__input"
                id={`${ID}-anonymise`}
                type="checkbox"
                checked={draft.anonymise}
                onChange={(event) => set('anonymise')(event.target.checked)}
                aria-describedby={`${ID}-anonymise-hint`}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`${ID}-anonymise`}>
                Anonymise
              </label>
              <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${ID}-anonymise-hint`}>
                Hide the person’s name in what the judges see.
              </div>
            </div>
          </div>
        </div>
      </fieldset>
      <div className="jointly-button-row">
        <button type="submit" className="nhsuk-button nhsuk-button--small">
          {initial ? 'Save testimonial' : 'Add testimonial'}
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--small nhsuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
