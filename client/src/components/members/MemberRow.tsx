import { type MemberDto, type OrganisationMemberStatus, ROLES, type Role } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import { changeMemberRole, removeMember } from '../../api/apiClient.ts';
import { ROLE_LABELS } from '../../format/roleLabels.ts';
import '../../styles/organisations.css';
import { SelectField } from '../fields/SelectField.tsx';
import { ProblemMessage, problemText } from '../layout/ProblemMessage.tsx';

type MemberRowProps = {
  entryId: string;
  member: MemberDto;
  isSelf: boolean;
  /** Whether the viewer of the page may change roles and remove people (a lead). */
  canManage: boolean;
  onChanged: () => void;
};

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

/** A member's standing in their organisation, in words (issue 15): only 'verified' may endorse for it. */
const STANDING_WORDS: Record<OrganisationMemberStatus, string> = {
  confirmed: 'verified',
  pending: 'unconfirmed',
  declined: 'declined by its admins',
};

/** One person on the entry; for a lead, controls to change their role or remove them (with a confirmation step). */
export function MemberRow({ entryId, member, isSelf, canManage, onChanged }: MemberRowProps) {
  const [role, setRole] = useState<Role>(member.role);
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ title: string; text: string } | null>(null);
  const roleFieldId = `member-role-${member.userId}`;
  const confirmButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Focus follows the confirmation step: onto "Yes, remove", and back to "Remove" on cancel.
  useEffect(() => {
    if (confirmingRemoval) confirmButton.current?.focus();
    else if (wasConfirming.current) removeButton.current?.focus();
    wasConfirming.current = confirmingRemoval;
  }, [confirmingRemoval]);

  async function run(title: string, action: () => Promise<unknown>) {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      await action();
      onChanged();
    } catch (error) {
      setProblem({ title, text: problemText(error) });
      setRole(member.role);
    } finally {
      setBusy(false);
    }
  }

  const manageable = canManage && !isSelf;

  return (
    <li className="jointly-people-list__item">
      <span className="jointly-people-list__name">
        {member.name}
        {isSelf ? ' (you)' : ''}
      </span>
      <span className="jointly-people-list__meta">
        {member.organisation.name} {/* Issue 15: their standing in that organisation, in words (not colour). */}
        <span className="jointly-org-standing">({STANDING_WORDS[member.organisationStatus]})</span> ·{' '}
        {ROLE_LABELS[member.role]}
      </span>
      <span className="jointly-people-list__meta jointly-people-list__email">{member.email}</span>
      {problem ? <ProblemMessage title={problem.title}>{problem.text}</ProblemMessage> : null}
      {manageable && !confirmingRemoval ? (
        <div className="jointly-member-controls">
          <SelectField
            id={roleFieldId}
            label={`Role for ${member.name}`}
            hideLabel
            compact
            value={role}
            options={ROLE_OPTIONS}
            onChange={(value) => setRole(value as Role)}
          />
          <button
            type="button"
            className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
            aria-disabled={busy || role === member.role}
            onClick={() => {
              if (role !== member.role)
                void run('The role could not be changed', () => changeMemberRole(entryId, member.userId, { role }));
            }}
          >
            Change role<span className="nhsuk-u-visually-hidden"> for {member.name}</span>
          </button>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--small nhsuk-button--warning"
            ref={removeButton}
            onClick={() => setConfirmingRemoval(true)}
          >
            Remove<span className="nhsuk-u-visually-hidden"> {member.name}</span>
          </button>
        </div>
      ) : null}
      {manageable && confirmingRemoval ? (
        // biome-ignore lint/a11y/useSemanticElements: a labelled group of two buttons, not a form field set.
        <div className="jointly-confirm" role="group" aria-label={`Remove ${member.name}?`}>
          <p className="nhsuk-body-s">
            Remove {member.name} from this entry? They lose access at once, including any editor they have open.
          </p>
          <div className="jointly-button-row">
            <button
              type="button"
              className="nhsuk-button nhsuk-button--small nhsuk-button--warning"
              ref={confirmButton}
              onClick={() => void run('The person could not be removed', () => removeMember(entryId, member.userId))}
            >
              Yes, remove {member.name}
            </button>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
              onClick={() => setConfirmingRemoval(false)}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </li>
  );
}
