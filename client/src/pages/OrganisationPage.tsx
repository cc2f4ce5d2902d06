import { type MeDto, ORGANISATION_KIND_LABELS, type OrganisationDetailDto } from '@jointly/shared';
import { Link } from 'react-router';
import { getOrganisation, getOrganisationEntries, getOrganisationMembers } from '../api/organisationsApi.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { LoadingMessage } from '../components/layout/LoadingMessage.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { ProblemMessage, problemText } from '../components/layout/ProblemMessage.tsx';
import { DomainsPanel } from '../components/organisation/DomainsPanel.tsx';
import { IdentifiersForm } from '../components/organisation/IdentifiersForm.tsx';
import { OrganisationEntriesList } from '../components/organisation/OrganisationEntriesList.tsx';
import { OrganisationMembersTable } from '../components/organisation/OrganisationMembersTable.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import '../styles/organisations.css';

function Details({ organisation }: { organisation: OrganisationDetailDto }) {
  const rows: [string, string][] = [
    ['Type', ORGANISATION_KIND_LABELS[organisation.kind]],
    ['ODS code', organisation.odsCode ?? 'Not given'],
    ['Companies House number', organisation.companiesHouseNumber ?? 'Not given'],
    ['Charity number', organisation.charityNumber ?? 'Not given'],
    ['Verified email domains', organisation.domains.map((d) => d.domain).join(', ') || 'None'],
    ['Admins', organisation.admins.map((a) => a.name).join(', ') || 'None'],
  ];
  return (
    <dl className="nhsuk-summary-list jointly-summary-list">
      {rows.map(([key, value]) => (
        <div className="nhsuk-summary-list__row" key={key}>
          <dt className="nhsuk-summary-list__key">{key}</dt>
          <dd className="nhsuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The admins' parts of the page: identifiers, domains, members, entries, and the security page. */
function AdminSections({
  me,
  organisation,
  onChanged,
}: {
  me: MeDto;
  organisation: OrganisationDetailDto;
  onChanged: () => Promise<void>;
}) {
  const { refresh } = useSession();
  const members = useLoad(() => getOrganisationMembers(organisation.id), [organisation.id]);
  const entries = useLoad(() => getOrganisationEntries(organisation.id), [organisation.id]);
  return (
    <>
      <p className="nhsuk-body nhsuk-u-margin-top-4">
        <Link to="/organisation/security">Security and audit log</Link>: whether members must use two-factor
        authentication, and who did what.
      </p>
      {members.status === 'loading' ? <LoadingMessage>Loading the members…</LoadingMessage> : null}
      {members.status === 'error' ? (
        <ProblemMessage title="The members could not be loaded">{problemText(members.error)}</ProblemMessage>
      ) : null}
      {members.status === 'ok' ? (
        <OrganisationMembersTable
          organisationId={organisation.id}
          organisationName={organisation.name}
          members={members.data.members}
          myUserId={me.user.id}
          onChanged={async (changedMyself) => {
            await Promise.all([members.reload(), onChanged()]);
            // Stepping down changes what this page shows: read who I am again.
            if (changedMyself) await refresh();
          }}
        />
      ) : null}
      <DomainsPanel organisation={organisation} myEmail={me.user.email} onChanged={() => void onChanged()} />
      <IdentifiersForm organisation={organisation} onSaved={() => void onChanged()} />
      {entries.status === 'ok' ? <OrganisationEntriesList entries={entries.data.entries} /> : null}
      {entries.status === 'error' ? (
        <ProblemMessage title="The entries could not be loaded">{problemText(entries.error)}</ProblemMessage>
      ) : null}
    </>
  );
}

/**
 * `/organisation` (issue 15): the signed-in person's organisation, its identifiers, domains and
 * admins; for its admins also its members (confirming those waiting), domains, identifiers and
 * entries, and a link to its security page.
 */
export function OrganisationPage({ me }: { me: MeDto }) {
  const organisation = useLoad(() => getOrganisation(me.organisation.id), [me.organisation.id]);
  const admin = me.user.organisationRole === 'admin' && me.user.organisationStatus === 'confirmed';
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <PageHeading caption="Your organisation" title={me.organisation.name}>
          {me.organisation.name}
        </PageHeading>
        {organisation.status === 'loading' ? <LoadingMessage>Loading your organisation…</LoadingMessage> : null}
        {organisation.status === 'error' ? (
          <ProblemMessage title="Your organisation could not be loaded">
            {problemText(organisation.error)}
          </ProblemMessage>
        ) : null}
        {organisation.status === 'ok' ? (
          <>
            <p className="nhsuk-body">
              {me.user.organisationStatus === 'pending'
                ? `You are waiting for an admin of ${organisation.data.name} to confirm you as a member.`
                : `You are a confirmed ${admin ? 'admin' : 'member'} of ${organisation.data.name}.`}
            </p>
            <Details organisation={organisation.data} />
            {admin ? (
              <AdminSections me={me} organisation={organisation.data} onChanged={() => organisation.reload()} />
            ) : (
              <p className="nhsuk-body">Its admins manage its members, domains and identifiers.</p>
            )}
          </>
        ) : null}
      </div>
    </div>
  );
}
