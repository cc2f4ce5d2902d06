import {
  emailDomain,
  ORGANISATION_KIND_LABELS,
  type OrganisationSearchResultDto,
  sharedMailDomainReason,
} from '@jointly/shared';

/** What joining an existing organisation means (issue 15): pending until confirmed, and why nhs.net cannot confirm. */
export function JoiningNotice({ organisation, email }: { organisation: OrganisationSearchResultDto; email: string }) {
  const shared = email.includes('@') && sharedMailDomainReason(emailDomain(email.trim())) === 'nhs_shared';
  return (
    <div className="nhsuk-inset-text" id="organisation-joining">
      <p className="nhsuk-body">
        You are joining <strong>{organisation.name}</strong> ({ORGANISATION_KIND_LABELS[organisation.kind]}
        {organisation.odsCode ? `, ODS code ${organisation.odsCode}` : ''}). Until an admin of {organisation.name}{' '}
        confirms you, your membership shows as unconfirmed and you cannot endorse entries for it. If your work email
        address is on one of its verified domains, you are confirmed as soon as you confirm your address.
      </p>
      {shared ? (
        <p className="nhsuk-body nhsuk-u-margin-bottom-0">
          Your address is on {emailDomain(email.trim())}, which NHS organisations share (NHSmail), so it cannot confirm
          your membership on its own: an admin of {organisation.name} will confirm you (or single sign-on, where your
          organisation has it).
        </p>
      ) : null}
    </div>
  );
}
