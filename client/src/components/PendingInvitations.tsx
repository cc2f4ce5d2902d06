import type { InvitationDto } from '@jointly/shared';
import { useState } from 'react';
import { revokeInvitation } from '../api/apiClient.ts';
import { formatDate } from '../format/formatDate.ts';
import { ROLE_LABELS } from '../format/roleLabels.ts';
import { ProblemMessage, problemText } from './ProblemMessage.tsx';

type PendingInvitationsProps = {
  entryId: string;
  invitations: InvitationDto[];
  onChanged: () => void;
};

/** Invitations not yet accepted, each of which a lead can revoke. */
export function PendingInvitations({ entryId, invitations, onChanged }: PendingInvitationsProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function revoke(invitation: InvitationDto) {
    if (busy) return;
    setBusy(invitation.id);
    setProblem(null);
    try {
      await revokeInvitation(entryId, invitation.id);
      onChanged();
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="jointly-pending">
      <h3 className="nhsuk-heading-xs">Pending invitations</h3>
      {problem ? <ProblemMessage title="The invitation could not be revoked">{problem}</ProblemMessage> : null}
      {invitations.length === 0 ? (
        <p className="nhsuk-body-s">No invitations waiting to be accepted.</p>
      ) : (
        <ul className="nhsuk-list jointly-people-list" aria-label="Pending invitations">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="jointly-people-list__item">
              <span className="jointly-people-list__name">{invitation.email}</span>
              <span className="jointly-people-list__meta">
                {ROLE_LABELS[invitation.role]} · invited by {invitation.invitedBy.name} · expires{' '}
                {formatDate(invitation.expiresAt)}
              </span>
              <button
                type="button"
                className="nhsuk-button nhsuk-button--small nhsuk-button--secondary jointly-people-list__action"
                onClick={() => revoke(invitation)}
                aria-disabled={busy === invitation.id}
              >
                Revoke<span className="nhsuk-u-visually-hidden"> invitation for {invitation.email}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
