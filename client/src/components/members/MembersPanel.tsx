import type { EntryDto, MeDto } from '@jointly/shared';
import { can } from '@jointly/shared';
import { useState } from 'react';
import { listInvitations } from '../../api/apiClient.ts';
import { useEntryEvents } from '../../collab/entryEvents.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { ProblemMessage, problemText } from '../layout/ProblemMessage.tsx';
import { InviteForm } from './InviteForm.tsx';
import { MemberRow } from './MemberRow.tsx';
import { PendingInvitations } from './PendingInvitations.tsx';
import { ViewerSuggestionsSetting } from './ViewerSuggestionsSetting.tsx';

type MembersPanelProps = {
  entry: EntryDto;
  me: MeDto;
  /** Reloads the entry (members, roles) after a change. */
  onMembersChanged: () => void;
};

/** Members and invitations of an entry. Everyone sees who is on it; leads also invite, change roles and remove. */
export function MembersPanel({ entry, me, onMembersChanged }: MembersPanelProps) {
  const canManage = can(entry.role, 'manageMembers');
  const invitations = useLoad(
    () => (canManage ? listInvitations(entry.id) : Promise.resolve([])),
    [entry.id, canManage],
  );
  const members = [...entry.members].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const reloadInvitations = () => {
    void invitations.reload().catch(() => undefined);
  };
  // Another lead invited, re-issued or revoked, or an invitation was accepted (C-EVENT-2).
  useEntryEvents(entry.id, (event) => {
    if (event.kind === 'members' && canManage) reloadInvitations();
  });
  // The links made on this page (created or re-issued), by invitation id: tokens are stored only
  // hashed, so the server cannot show a link again; the page keeps what it was given.
  const [links, setLinks] = useState<Record<string, string>>({});
  const rememberLink = (invitation: { id: string; url: string }) =>
    setLinks((known) => ({ ...known, [invitation.id]: invitation.url }));

  return (
    <section className="jointly-panel" aria-labelledby="members-heading">
      <h2 className="nhsuk-heading-s" id="members-heading">
        People on this entry
      </h2>
      <ul className="nhsuk-list jointly-people-list" aria-label="Members">
        {members.map((member) => (
          <MemberRow
            key={`${member.userId}:${member.role}`}
            entryId={entry.id}
            member={member}
            isSelf={member.userId === me.user.id}
            canManage={canManage}
            onChanged={onMembersChanged}
          />
        ))}
      </ul>
      {canManage ? (
        <>
          <ViewerSuggestionsSetting
            entryId={entry.id}
            viewersMaySuggest={entry.viewersMaySuggest === true}
            disabled={entry.status === 'submitted'}
            onChanged={onMembersChanged}
          />
          <InviteForm
            entryId={entry.id}
            onInvited={(created) => {
              rememberLink(created);
              reloadInvitations();
            }}
          />
          {invitations.status === 'error' ? (
            <ProblemMessage title="Invitations could not be loaded">{problemText(invitations.error)}</ProblemMessage>
          ) : null}
          {invitations.status === 'ok' ? (
            <PendingInvitations
              entryId={entry.id}
              invitations={invitations.data}
              links={links}
              onReissued={rememberLink}
              onChanged={reloadInvitations}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
