import { type CreatedInvitationDto, createInvitationBody, ROLES, type Role } from '@jointly/shared';
import { type FormEvent, useState } from 'react';
import { createInvitation } from '../api/apiClient.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '../format/roleLabels.ts';
import { errorsFromFailure, hasErrors, noErrors, summaryItems, validateWith } from '../forms/formErrors.ts';
import { CopyLinkField } from './CopyLinkField.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import { SelectField } from './SelectField.tsx';
import { TextField } from './TextField.tsx';

const FIELDS = ['email', 'role'] as const;
type Field = (typeof FIELDS)[number];
const fieldId = (field: Field) => `invite-${field}`;

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
const ROLE_HINT = ROLES.map((role) => `${ROLE_LABELS[role]}: ${ROLE_DESCRIPTIONS[role].toLowerCase()}.`).join(' ');

/** A lead invites someone by email with a role, then copies the invitation link to send it. */
export function InviteForm({ entryId, onInvited }: { entryId: string; onInvited: () => void }) {
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
      onInvited();
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
            <strong>Invitation created for {created.email}</strong> as {ROLE_LABELS[created.role].toLowerCase()}. Send
            them this link; it works once.
          </p>
          <CopyLinkField id="invitation-link" label="Invitation link" url={created.url} />
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
