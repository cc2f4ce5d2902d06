import type { OrganisationMemberDto } from '@jointly/shared';
import { useState } from 'react';
import {
  confirmOrganisationMember,
  declineOrganisationMember,
  setOrganisationMemberRole,
} from '../../api/organisationsApi.ts';
import { formatDateTime } from '../../format/formatDate.ts';
import { ProblemMessage, problemText } from '../layout/ProblemMessage.tsx';

/** A column's name beside its value when rows stack (hidden from screen readers, which have the header). */
function ColumnName({ name }: { name: string }) {
  return (
    <span className="nhsuk-table__heading" aria-hidden="true">
      {name}{' '}
    </span>
  );
}

const STANDING: Record<OrganisationMemberDto['status'], string> = {
  pending: 'Waiting for confirmation',
  confirmed: 'Confirmed',
  declined: 'Declined',
};
const standing = (m: OrganisationMemberDto) => STANDING[m.status];

/**
 * An organisation's people (issue 15), for its admins: those waiting first, each with "Confirm"
 * and "Decline" (not one of ours: they can then move themselves; a declined person can still be
 * confirmed later, and is listed last);
 * confirmed members can be made admins, and admins members again (the server keeps at least one).
 * Every action is a button naming the person; what changed is announced.
 */
export function OrganisationMembersTable({
  organisationId,
  organisationName,
  members,
  myUserId,
  onChanged,
}: {
  organisationId: string;
  organisationName: string;
  members: OrganisationMemberDto[];
  myUserId: string;
  onChanged: (changedMyself: boolean) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const run = async (member: OrganisationMemberDto, action: () => Promise<unknown>, done: string) => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    setAnnouncement('');
    try {
      await action();
      await onChanged(member.userId === myUserId);
      setAnnouncement(done);
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setBusy(false);
    }
  };
  const pending = members.filter((m) => m.status === 'pending').length;

  return (
    <section aria-labelledby="organisation-members-heading">
      <h2 className="nhsuk-heading-m" id="organisation-members-heading">
        Members
      </h2>
      <p className="nhsuk-body">
        {pending === 0
          ? 'Nobody is waiting for confirmation.'
          : `${pending} ${pending === 1 ? 'person is' : 'people are'} waiting for you to confirm them. Confirm only people you know work for ${organisationName}: confirmed members can endorse entries for it.`}
      </p>
      {problem ? <ProblemMessage title="That could not be done">{problem}</ProblemMessage> : null}
      <table
        className="nhsuk-table nhsuk-table--responsive jointly-org-table"
        aria-labelledby="organisation-members-heading"
      >
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            {['Name', 'Email', 'Membership', 'Role', 'Actions'].map((column) => (
              <th key={column} scope="col" className="nhsuk-table__header">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {members.map((m) => {
            const self = m.userId === myUserId;
            return (
              <tr key={m.userId} className="nhsuk-table__row">
                <th scope="row" className="nhsuk-table__header">
                  <ColumnName name="Name" />
                  {m.name}
                  {self ? ' (you)' : ''}
                </th>
                <td className="nhsuk-table__cell">
                  <ColumnName name="Email" />
                  {m.email}
                  {m.emailVerified ? '' : ' (address not confirmed)'}
                </td>
                <td className="nhsuk-table__cell">
                  <ColumnName name="Membership" />
                  {standing(m)}
                  <span className="nhsuk-body-s jointly-muted"> since {formatDateTime(m.joinedAt)}</span>
                </td>
                <td className="nhsuk-table__cell">
                  <ColumnName name="Role" />
                  {m.role === 'admin' ? 'Admin' : 'Member'}
                </td>
                <td className="nhsuk-table__cell">
                  <ColumnName name="Actions" />
                  {m.status !== 'confirmed' ? (
                    <div className="jointly-org-actions">
                      <ActionButton
                        label="Confirm"
                        hiddenName={m.name}
                        busy={busy}
                        onPress={() =>
                          run(
                            m,
                            () => confirmOrganisationMember(organisationId, m.userId),
                            `${m.name} is now a confirmed member of ${organisationName}.`,
                          )
                        }
                        primary
                      />
                      {m.status === 'pending' ? (
                        <ActionButton
                          label="Decline"
                          hiddenName={m.name}
                          busy={busy}
                          onPress={() =>
                            run(
                              m,
                              () => declineOrganisationMember(organisationId, m.userId),
                              `${m.name} is declined: they are told, and can change their organisation.`,
                            )
                          }
                        />
                      ) : null}
                    </div>
                  ) : (
                    <ActionButton
                      label={m.role === 'admin' ? (self ? 'Stop being an admin' : 'Remove admin role') : 'Make admin'}
                      hiddenName={self ? null : `(${m.name})`}
                      busy={busy}
                      onPress={() =>
                        run(
                          m,
                          () =>
                            setOrganisationMemberRole(
                              organisationId,
                              m.userId,
                              m.role === 'admin' ? 'member' : 'admin',
                            ),
                          m.role === 'admin' ? `${m.name} is no longer an admin.` : `${m.name} is now an admin.`,
                        )
                      }
                    />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="nhsuk-u-visually-hidden" role="status">
        {announcement}
      </p>
    </section>
  );
}

/** A small button of a member's row; `hiddenName` tells screen readers whose row it acts on. */
function ActionButton({
  label,
  hiddenName,
  busy,
  onPress,
  primary = false,
}: {
  label: string;
  hiddenName: string | null;
  busy: boolean;
  onPress: () => Promise<void>;
  primary?: boolean;
}) {
  return (
    <button
      type="button"
      className={`nhsuk-button ${primary ? '' : 'nhsuk-button--secondary '}nhsuk-button--small nhsuk-u-margin-bottom-0`}
      aria-disabled={busy}
      onClick={() => void onPress()}
    >
      {label}
      {hiddenName ? <span className="nhsuk-u-visually-hidden"> {hiddenName}</span> : null}
    </button>
  );
}
