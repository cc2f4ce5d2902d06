import {
  CONSENT_METHOD_LABELS,
  CONSENT_METHODS,
  CONSENT_RECORD_USE_LABELS,
  CONSENT_RECORD_USES,
  type ConsentGiver,
  type ConsentMethod,
  type ConsentRecordDto,
  type ConsentRecordUse,
  isIsoDate,
} from '@jointly/shared';
import { useRef, useState } from 'react';
import { ApiError } from '../../api/ApiError.ts';
import { createConsentRecord } from '../../api/consentsApi.ts';
import { uploadEntryFile } from '../../api/uploadEntryFile.ts';
import { CheckboxGroup } from '../fields/CheckboxGroup.tsx';
import { RadioGroup } from '../fields/RadioGroup.tsx';
import { TextField } from '../fields/TextField.tsx';
import { InlineError } from '../layout/InlineError.tsx';

type Props = {
  entryId: string;
  /** The testimonial's person, as the form holds it: the record names them. */
  personName: string;
  idPrefix: string;
  onRecorded: (record: ConsentRecordDto) => void;
};

type Field = 'personName' | 'uses' | 'givenOn' | 'expiresOn' | 'representativeName' | 'representativeRelationship';

/**
 * Records a consent on the server (issue 18 item 1), inside the testimonial form: who gave it,
 * what it covers, how it was recorded, when, until when, and the signed form or recording as
 * evidence. Not a form of its own (forms do not nest): its button sends it.
 */
export function RecordConsentFields({ entryId, personName, idPrefix, onRecorded }: Props) {
  const id = (field: string) => `${idPrefix}-${field}`;
  const [givenBy, setGivenBy] = useState<ConsentGiver>('person');
  const [representativeName, setRepresentativeName] = useState('');
  const [relationship, setRelationship] = useState('');
  const [uses, setUses] = useState<ConsentRecordUse[]>(['judging']);
  const [method, setMethod] = useState<ConsentMethod>('signed_form');
  const [givenOn, setGivenOn] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const check = (): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    if (personName.trim() === '') found.personName = 'Enter their name above: the consent record names the person';
    if (uses.length === 0) found.uses = 'Select what the consent covers';
    if (!isIsoDate(givenOn)) found.givenOn = 'Enter the date consent was given';
    if (expiresOn !== '' && (!isIsoDate(expiresOn) || expiresOn <= givenOn))
      found.expiresOn = 'The expiry date must be a real date after the date given';
    if (givenBy === 'representative') {
      if (representativeName.trim() === '') found.representativeName = 'Enter the representative’s name';
      if (relationship.trim() === '') found.representativeRelationship = 'Enter their relationship to the person';
    }
    return found;
  };

  const record = async () => {
    const found = check();
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(first === 'personName' ? `${idPrefix}-record` : id(first))?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const evidenceFileIds: string[] = [];
      for (const file of Array.from(fileInput.current?.files ?? [])) {
        evidenceFileIds.push((await uploadEntryFile(entryId, file, () => {}).done).id);
      }
      onRecorded(
        await createConsentRecord(entryId, {
          personName: personName.trim(),
          givenBy,
          ...(givenBy === 'representative'
            ? { representativeName: representativeName.trim(), representativeRelationship: relationship.trim() }
            : {}),
          uses,
          method,
          evidenceFileIds,
          givenOn,
          ...(expiresOn !== '' ? { expiresOn } : {}),
        }),
      );
    } catch (error) {
      const issues = error instanceof ApiError ? error.issues : [];
      setProblem(issues.length > 0 ? issues.map((i) => i.message).join('. ') : (error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="jointly-record-consent">
      <RadioGroup
        id={id('givenBy')}
        name={id('givenBy')}
        legend="Who gave consent?"
        small
        options={[
          { value: 'person', label: 'The person themself' },
          { value: 'representative', label: 'A representative (for example a parent, carer or attorney)' },
        ]}
        value={givenBy}
        onChange={(value) => setGivenBy(value as ConsentGiver)}
      />
      {givenBy === 'representative' ? (
        <>
          <TextField
            id={id('representativeName')}
            label="Representative’s name"
            value={representativeName}
            onChange={setRepresentativeName}
            error={errors.representativeName}
            autoComplete="off"
          />
          <TextField
            id={id('representativeRelationship')}
            label="Their relationship to the person"
            value={relationship}
            onChange={setRelationship}
            error={errors.representativeRelationship}
            autoComplete="off"
          />
        </>
      ) : null}
      <CheckboxGroup
        id={id('uses')}
        legend="What this consent covers"
        hint="Judging the award is needed to submit the entry."
        options={CONSENT_RECORD_USES.map((use) => ({ value: use, label: CONSENT_RECORD_USE_LABELS[use] }))}
        values={uses}
        onChange={(values) => setUses(values as ConsentRecordUse[])}
        error={errors.uses}
      />
      <RadioGroup
        id={id('method')}
        name={id('method')}
        legend="How it was recorded"
        small
        options={CONSENT_METHODS.map((value) => ({ value, label: CONSENT_METHOD_LABELS[value] }))}
        value={method}
        onChange={(value) => setMethod(value as ConsentMethod)}
      />
      <TextField
        id={id('givenOn')}
        label="Date given"
        type="date"
        width={10}
        value={givenOn}
        onChange={setGivenOn}
        error={errors.givenOn}
      />
      <TextField
        id={id('expiresOn')}
        label="Expiry date (optional)"
        hint="Left empty, consent lasts as long as your deployment sets (usually five years)."
        type="date"
        width={10}
        value={expiresOn}
        onChange={setExpiresOn}
        error={errors.expiresOn}
      />
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor={id('evidence')}>
          Signed form or recording (optional)
        </label>
        <div className="nhsuk-hint" id={id('evidence-hint')}>
          Kept as evidence with the record; never shown to judges.
        </div>
        <input
          className="nhsuk-file-upload"
          id={id('evidence')}
          type="file"
          multiple
          ref={fileInput}
          aria-describedby={id('evidence-hint')}
        />
      </div>
      {errors.personName ? <InlineError>{errors.personName}</InlineError> : null}
      {problem ? <InlineError>{problem}</InlineError> : null}
      <button
        type="button"
        id={`${idPrefix}-record`}
        className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
        onClick={record}
        disabled={busy}
      >
        {busy ? 'Recording consent…' : 'Record consent'}
      </button>
    </div>
  );
}
