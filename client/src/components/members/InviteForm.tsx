import { type CreatedInvitationDto, createInvitationBody, ROLES, type Role } from '@jointly/shared';
import { type FormEvent, useState } from 'react';
import { createInvitation } from '../../api/apiClient.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '../../format/roleLabels.ts';
import { errorsFromFailure, hasErrors, noErrors, summaryItems, validateWith } from '../../forms/formErrors.ts';
import { ErrorSummary } from '../fields/ErrorSummary.tsx';
import { SelectField } from '../fields/SelectField.tsx';
import { TextField } from '../fields/TextField.tsx';

const FIELDS = ['email', 'role'] as const;
type Field = (typeof FIELDS)[number];
const fieldId = (field: Field) => `invite-${field}`;

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
const ROLE_HINT = ROLES.map((role) => `${ROLE_LABELS[role]}: ${ROLE_DESCRIPTIONS[role].toLowerCase()}.`).join(' ');

type InviteFormProps = {
  entryId: string;
  /** The new invitation with its link: the pending list keeps every link made on this page (issue 11 item 4). */
  onInvited: (created: CreatedInvitationDto) => void;
};

/**
 * A lead invites someone by email with a role. The link to send them is shown with the
 * invitation in "Pending invitations", where every link made here stays, so a second
 * invitation no longer hides the first one's link.
 */
export function InviteForm({ entryId, onInvited }: InviteFormProps) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('contributor');
  const [errors, setErrors] = useState(noErrors<Field>());
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<CreatedInvitationDto | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (submitting) return;
    setAttempt((n) => n + 1);
    const values = { email, role };
    const invalid = validateWith(createInvitationBody, values, FIELDS);
    if (hasErrors(invalid)) {
      setErrors(invalid);
      return;
    }
    setSubmitting(true);
    try {
      const invitation = await createInvitation(entryId, createInvitationBody.parse(values));
      setErrors(noErrors());
      setCreated(invitation);
      setEmail('');
      onInvited(invitation);
    } catch (error) {
      setErrors(errorsFromFailure(error, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className="jointly-invite">
      <h3 className="nhsuk-heading-xs">Invite someone</h3>
      <ErrorSummary items={summaryItems(errors, FIELDS, fieldId)} focusKey={attempt} />
      {created ? (
        <div className="jointly-invite__created" role="status">
          <p className="nhsuk-body-s">
            <strong>Invitation created for {created.email}</strong> as {ROLE_LABELS[created.role].toLowerCase()}. Its
            link is under <a href="#pending-invitations-heading">Pending invitations</a>: copy it and send it to them.
            It works once.
          </p>
        </div>
      ) : null}
      <form noValidate onSubmit={onSubmit}>
        <TextField
          id={fieldId('email')}
          name="email"
          label="Email address"
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={errors.fields.email}
        />
        <SelectField
          id={fieldId('role')}
          label="Role"
          hint={ROLE_HINT}
          value={role}
          options={ROLE_OPTIONS}
          onChange={(value) => setRole(value as Role)}
          error={errors.fields.role}
        />
        <button
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          type="submit"
          aria-disabled={submitting}
        >
          {submitting ? 'Sending invitation…' : 'Send invitation'}
        </button>
      </form>
    </div>
  );
}
