import type { InvitationDto, ReissuedInvitationDto } from '@jointly/shared';
import { useState } from 'react';
import { reissueInvitation, revokeInvitation } from '../../api/apiClient.ts';
import { formatDate } from '../../format/formatDate.ts';
import { ROLE_LABELS } from '../../format/roleLabels.ts';
import { CopyLinkField } from '../fields/CopyLinkField.tsx';
import { ProblemMessage, problemText } from '../layout/ProblemMessage.tsx';

type PendingInvitationsProps = {
  entryId: string;
  invitations: InvitationDto[];
  /** Links made on this page, by invitation id (the server keeps tokens only hashed). */
  links: Readonly<Record<string, string>>;
  /** A re-issued invitation's new link, to keep with the others. */
  onReissued: (invitation: ReissuedInvitationDto) => void;
  onChanged: () => void;
};

type Action = 'copy' | 'email' | 'revoke';

const PROBLEM_TITLES: Record<Action, string> = {
  copy: 'A new link could not be made',
  email: 'The invitation could not be sent again',
  revoke: 'The invitation could not be revoked',
};

/** What the page says after a re-issue: where the new link went, and that the old one is dead. */
function reissuedText(action: Action, invitation: ReissuedInvitationDto, copied: boolean): string {
  const old = 'The link sent before no longer works.';
  if (action === 'email') {
    return invitation.emailed
      ? `A new link was emailed to ${invitation.email}. ${old}`
      : `Jointly does not send email from this server: copy the new link and send it to ${invitation.email} yourself. ${old}`;
  }
  return copied
    ? `A new link for ${invitation.email} is copied. ${old}`
    : `A new link for ${invitation.email} is shown: copy it and send it to them. ${old}`;
}

/**
 * Invitations not yet accepted (issue 11 item 4). Each shows the link made for it on this page,
 * if any; "Copy a new link" and "Resend email" re-issue it (a fresh link, the old one stops
 * working, e-mailed when the server sends mail), and "Revoke" withdraws it.
 */
export function PendingInvitations({ entryId, invitations, links, onReissued, onChanged }: PendingInvitationsProps) {
  const [problem, setProblem] = useState<{ action: Action; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ id: string; text: string } | null>(null);

  async function act(invitation: InvitationDto, action: Action) {
    if (busy) return;
    setBusy(invitation.id);
    setProblem(null);
    setNotice(null);
    try {
      if (action === 'revoke') {
        await revokeInvitation(entryId, invitation.id);
      } else {
        const reissued = await reissueInvitation(entryId, invitation.id);
        onReissued(reissued);
        const copied =
          action === 'copy' &&
          (await navigator.clipboard?.writeText(reissued.url).then(
            () => true,
            () => false,
          ));
        setNotice({ id: invitation.id, text: reissuedText(action, reissued, copied === true) });
      }
      onChanged();
    } catch (error) {
      setProblem({ action, text: problemText(error) });
    } finally {
      setBusy(null);
    }
  }

  const actionButton = (invitation: InvitationDto, action: Action, label: string, hidden: string) => (
    <button
      type="button"
      className="nhsuk-button nhsuk-button--small nhsuk-button--secondary jointly-people-list__action"
      onClick={() => act(invitation, action)}
      aria-disabled={busy === invitation.id}
    >
      {label}
      <span className="nhsuk-u-visually-hidden"> {hidden}</span>
    </button>
  );

  return (
    <div className="jointly-pending">
      <h3 className="nhsuk-heading-xs" id="pending-invitations-heading" tabIndex={-1}>
        Pending invitations
      </h3>
      {problem ? <ProblemMessage title={PROBLEM_TITLES[problem.action]}>{problem.text}</ProblemMessage> : null}
      {invitations.length === 0 ? (
        <p className="nhsuk-body-s">No invitations waiting to be accepted.</p>
      ) : (
        <>
          <p className="nhsuk-body-s jointly-muted">
            Lost a link? “Copy a new link” makes a fresh one; the link sent before then stops working.
          </p>
          <ul className="nhsuk-list jointly-people-list" aria-label="Pending invitations">
            {invitations.map((invitation) => {
              const link = links[invitation.id];
              return (
                <li key={invitation.id} className="jointly-people-list__item">
                  <span className="jointly-people-list__name">{invitation.email}</span>
                  <span className="jointly-people-list__meta">
                    {ROLE_LABELS[invitation.role]} · invited by {invitation.invitedBy.name} · expires{' '}
                    {formatDate(invitation.expiresAt)}
                  </span>
                  {link ? (
                    <CopyLinkField
                      id={`invitation-link-${invitation.id}`}
                      label="Invitation link"
                      hiddenSuffix={`for ${invitation.email}`}
                      url={link}
                    />
                  ) : null}
                  <p className="nhsuk-body-s jointly-pending__notice" role="status">
                    {notice?.id === invitation.id ? notice.text : ''}
                  </p>
                  <div className="jointly-pending__actions">
                    {actionButton(invitation, 'copy', 'Copy a new link', `for ${invitation.email}`)}
                    {actionButton(invitation, 'email', 'Resend email', `to ${invitation.email}`)}
                    {actionButton(invitation, 'revoke', 'Revoke', `invitation for ${invitation.email}`)}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
