import type { MeDto, OrganisationMemberStatus } from '@jointly/shared';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { EmailForm, NameForm, PasswordForm } from '../components/account/AccountForms.tsx';
import { DataExportPanel } from '../components/account/DataExportPanel.tsx';
import { DeleteAccountForm } from '../components/account/DeleteAccountForm.tsx';
import { DevicesPanel } from '../components/account/DevicesPanel.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { ChangeOrganisationForm } from '../components/organisation/ChangeOrganisationForm.tsx';

const STANDING_TEXT: Record<OrganisationMemberStatus, (me: MeDto) => string> = {
  pending: (me) => `You are waiting for an admin to confirm you as a member of ${me.organisation.name}`,
  declined: (me) => `An admin of ${me.organisation.name} declined you as a member`,
  confirmed: (me) =>
    `You are a confirmed ${me.user.organisationRole === 'admin' ? 'admin' : 'member'} of ${me.organisation.name}`,
};

/** `/account` (issue 15): name, email, password, signed-in devices, your data (issue 18) and deleting the account. */
export function AccountPage({ me }: { me: MeDto }) {
  // A password change signs the other devices out: the list reloads.
  const [devicesKey, setDevicesKey] = useState(0);
  // After a move the change form may go (a confirmed member cannot move): say so here, focus here.
  const [moved, setMoved] = useState<string | null>(null);
  const organisationHeading = useRef<HTMLHeadingElement>(null);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading caption={me.organisation.name}>Your account</PageHeading>
        <NameForm name={me.user.name} />
        <EmailForm email={me.user.email} />
        <PasswordForm onChanged={() => setDevicesKey((n) => n + 1)} />
        <h2 className="nhsuk-heading-m" id="account-organisation-heading" ref={organisationHeading} tabIndex={-1}>
          Your organisation
        </h2>
        <p className="nhsuk-body">
          {STANDING_TEXT[me.user.organisationStatus](me)}:{' '}
          <Link to="/organisation">{me.user.organisationRole === 'admin' ? 'manage' : 'about'} your organisation</Link>.
        </p>
        <p className="nhsuk-body" role="status">
          {moved}
        </p>
        {me.user.organisationStatus === 'confirmed' ? null : (
          <ChangeOrganisationForm
            me={me}
            onMoved={(message) => {
              setMoved(message);
              organisationHeading.current?.focus();
            }}
          />
        )}
        <h2 className="nhsuk-heading-m">Two-factor authentication</h2>
        <p className="nhsuk-body">
          Ask for a code from an app on your phone as well as your password when you sign in:{' '}
          <Link to="/settings/two-factor">two-factor authentication settings</Link>.
        </p>
        <DevicesPanel reloadKey={devicesKey} />
        <DataExportPanel />
        <DeleteAccountForm organisationName={me.organisation.name} />
      </div>
    </div>
  );
}
