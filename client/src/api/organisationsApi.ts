import type {
  ChangeOwnOrganisationBody,
  MeDto,
  OrganisationDetailDto,
  OrganisationEntriesDto,
  OrganisationMemberDto,
  OrganisationMemberRole,
  OrganisationMembersDto,
  OrganisationSearchDto,
  UpdateOrganisationBody,
} from '@jointly/shared';
import { request } from './apiClient.ts';

// Managed organisations (issue 15): the sign-up picker's search, and an organisation's own page.

const base = (organisationId: string) => `/api/organisations/${encodeURIComponent(organisationId)}`;

/** Organisations whose name contains `query` (or whose ODS code it is), for the sign-up picker; no sign-in. */
export function searchOrganisations(query: string, signal?: AbortSignal): Promise<OrganisationSearchDto> {
  return request<OrganisationSearchDto>('GET', `/api/organisations?query=${encodeURIComponent(query)}`, {
    expect401: true,
    ...(signal ? { signal } : {}),
  });
}

export function getOrganisation(organisationId: string): Promise<OrganisationDetailDto> {
  return request<OrganisationDetailDto>('GET', base(organisationId));
}

export function updateOrganisation(
  organisationId: string,
  body: UpdateOrganisationBody,
): Promise<OrganisationDetailDto> {
  return request<OrganisationDetailDto>('PATCH', base(organisationId), { body });
}

export function getOrganisationMembers(organisationId: string): Promise<OrganisationMembersDto> {
  return request<OrganisationMembersDto>('GET', `${base(organisationId)}/members`);
}

export function confirmOrganisationMember(organisationId: string, userId: string): Promise<OrganisationMemberDto> {
  return request<OrganisationMemberDto>(
    'POST',
    `${base(organisationId)}/members/${encodeURIComponent(userId)}/confirm`,
  );
}

/** Declines a pending member (they are not one of the organisation's people); a reason goes to the audit log. */
export function declineOrganisationMember(
  organisationId: string,
  userId: string,
  reason?: string,
): Promise<OrganisationMemberDto> {
  return request<OrganisationMemberDto>(
    'POST',
    `${base(organisationId)}/members/${encodeURIComponent(userId)}/decline`,
    { body: reason ? { reason } : {} },
  );
}

/** A pending or declined person names the organisation they work for instead. */
export function changeOwnOrganisation(body: ChangeOwnOrganisationBody): Promise<MeDto> {
  return request<MeDto>('PUT', '/api/me/organisation', { body });
}

export function setOrganisationMemberRole(
  organisationId: string,
  userId: string,
  role: OrganisationMemberRole,
): Promise<OrganisationMemberDto> {
  return request<OrganisationMemberDto>('PUT', `${base(organisationId)}/members/${encodeURIComponent(userId)}/role`, {
    body: { role },
  });
}

export function addOrganisationDomain(organisationId: string, domain: string): Promise<OrganisationDetailDto> {
  return request<OrganisationDetailDto>('POST', `${base(organisationId)}/domains`, { body: { domain } });
}

export function removeOrganisationDomain(organisationId: string, domain: string): Promise<void> {
  return request<void>('DELETE', `${base(organisationId)}/domains/${encodeURIComponent(domain)}`);
}

export function getOrganisationEntries(organisationId: string): Promise<OrganisationEntriesDto> {
  return request<OrganisationEntriesDto>('GET', `${base(organisationId)}/entries`);
}
