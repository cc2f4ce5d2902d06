import {
  changeOwnOrganisationBody,
  type MeDto,
  ORGANISATION_KIND_LABELS,
  ORGANISATION_KINDS,
  type OrganisationSearchResultDto,
} from '@jointly/shared';
import { type FormEvent, useState } from 'react';
import { changeOwnOrganisation } from '../../api/organisationsApi.ts';
import { useSession } from '../../auth/SessionProvider.tsx';
import { useFormSubmit } from '../../forms/useFormSubmit.ts';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { RadioGroup } from '../fields/RadioGroup.tsx';
import { JoiningNotice } from './JoiningNotice.tsx';
import { OrganisationPicker } from './OrganisationPicker.tsx';

const FIELDS = ['organisationName', 'organisationKind', 'organisationId'] as const;
type Field = (typeof FIELDS)[number];
const fieldId = (field: Field) => `change-${field === 'organisationId' ? 'organisationName' : field}`;
/** What the form holds: checked by the shared schema before it is sent. */
type Choice = { organisationId: string } | { organisationName: string; organisationKind: string };
const KIND_OPTIONS = ORGANISATION_KINDS.map((kind) => ({ value: kind, label: ORGANISATION_KIND_LABELS[kind] }));

/**
 * For a person nobody has confirmed (pending, or declined by the organisation's admins): name the
 * organisation they really work for, with the sign-up's picker (PUT /api/me/organisation). They
 * join it as a sign-up would, and their entries show the new organisation beside their name.
 * `onMoved` says what happened: a move to a confirmed membership removes this form, so the page
 * announces it and takes the focus.
 */
export function ChangeOrganisationForm({ me, onMoved }: { me: MeDto; onMoved: (message: string) => void }) {
  const { signedIn } = useSession();
  const [text, setText] = useState('');
  const [kind, setKind] = useState('');
  const [picked, setPicked] = useState<OrganisationSearchResultDto | null>(null);
  const form = useFormSubmit<Field, Choice>(FIELDS, changeOwnOrganisationBody, async (body) => {
    const moved = await changeOwnOrganisation(changeOwnOrganisationBody.parse(body));
    setText('');
    setKind('');
    setPicked(null);
    signedIn(moved);
    onMoved(
      moved.user.organisationStatus === 'confirmed'
        ? `You are now a confirmed ${moved.user.organisationRole === 'admin' ? 'admin' : 'member'} of ${moved.organisation.name}.`
        : `You are now waiting for an admin of ${moved.organisation.name} to confirm you.`,
    );
  });
  const { errors } = form;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void form.submit(picked ? { organisationId: picked.id } : { organisationName: text, organisationKind: kind });
  }

  return (
    <form noValidate onSubmit={onSubmit} aria-labelledby="change-organisation-heading" id="change-organisation">
      <h3 className="nhsuk-heading-s" id="change-organisation-heading">
        Not {me.organisation.name}? Change your organisation
      </h3>
      <ErrorSummary items={form.summary(fieldId)} focusKey={form.attempt} />
      <OrganisationPicker
        id="change-organisationName"
        label="The organisation you work for"
        hint="Start typing its name or ODS code and choose it from the list. If it is not there, carry on typing its full name to create it."
        text={text}
        onTextChange={setText}
        picked={picked}
        onPick={setPicked}
        error={errors.fields.organisationName ?? errors.fields.organisationId}
      />
      {picked ? (
        <JoiningNotice organisation={picked} email={me.user.email} />
      ) : (
        <RadioGroup
          id="change-organisationKind"
          name="change-organisationKind"
          legend="Type of organisation"
          options={KIND_OPTIONS}
          value={kind}
          onChange={setKind}
          error={errors.fields.organisationKind}
        />
      )}
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" aria-disabled={form.submitting}>
        Change organisation
      </button>
    </form>
  );
}
