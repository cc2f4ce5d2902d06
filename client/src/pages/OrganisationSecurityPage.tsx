import type { MeDto } from '@jointly/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/ApiError.ts';
import { getMfaRequirement } from '../api/organisationSecurityApi.ts';
import { LoadingMessage } from '../components/layout/LoadingMessage.tsx';
import { PageHeading } from '../components/layout/PageHeading.tsx';
import { ProblemMessage, problemText } from '../components/layout/ProblemMessage.tsx';
import { AuditLogTable } from '../components/organisationSecurity/AuditLogTable.tsx';
import { MfaRequirementForm } from '../components/organisationSecurity/MfaRequirementForm.tsx';
import { useLoad } from '../hooks/useLoad.ts';

/**
 * `/organisation/security` (issue 15), for the organisation's admins: whether members must use
 * two-factor authentication, and the audit log of every account and organisation action.
 */
export function OrganisationSecurityPage({ me }: { me: MeDto }) {
  const organisationId = me.organisation.id;
  const requirement = useLoad(() => getMfaRequirement(organisationId), [organisationId]);
  const [reloadKey, setReloadKey] = useState(0);
  const notAdmin =
    requirement.status === 'error' &&
    requirement.error instanceof ApiError &&
    (requirement.error.status === 403 || requirement.error.status === 404);

  return (
    <>
      <Link className="nhsuk-back-link" to="/organisation">
        {me.organisation.name}
      </Link>
      <PageHeading caption={me.organisation.name}>Security and audit log</PageHeading>
      {requirement.status === 'loading' ? <LoadingMessage>Loading your organisation’s settings…</LoadingMessage> : null}
      {notAdmin ? (
        <ProblemMessage title="Only your organisation’s admins can see this page">
          Ask an admin of {me.organisation.name} if you need to know who did what.
        </ProblemMessage>
      ) : requirement.status === 'error' ? (
        <ProblemMessage title="The settings could not be loaded">{problemText(requirement.error)}</ProblemMessage>
      ) : null}
      {requirement.status === 'ok' ? (
        <>
          <MfaRequirementForm
            organisationId={organisationId}
            organisationName={me.organisation.name}
            initial={requirement.data}
            onSaved={() => setReloadKey((key) => key + 1)}
          />
          <AuditLogTable organisationId={organisationId} reloadKey={reloadKey} />
        </>
      ) : null}
    </>
  );
}
