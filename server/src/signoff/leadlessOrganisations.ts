import type { MemberDto, OrganisationDto } from '@jointly/shared';

/**
 * S-ENDORSE-3: an organisation endorses through one of its own leads
 * (S-ENDORSE-1), so an organisation on the entry whose members are all
 * contributors or viewers can never endorse. Submission names each such
 * organisation and what to do about it, instead of only "has not endorsed".
 */
export function organisationsWithoutLead(members: Pick<MemberDto, 'role' | 'organisation'>[]): OrganisationDto[] {
  const withLead = new Set(members.filter((m) => m.role === 'lead').map((m) => m.organisation.id));
  const without = new Map<string, OrganisationDto>();
  for (const member of members) {
    if (!withLead.has(member.organisation.id)) without.set(member.organisation.id, member.organisation);
  }
  return [...without.values()];
}

/**
 * Issue 15: a lead who is not yet a confirmed member of their organisation cannot endorse for it,
 * so an organisation whose leads on the entry are all unconfirmed cannot endorse either.
 */
export function organisationsWithOnlyUnconfirmedLeads(
  members: Pick<MemberDto, 'role' | 'organisation' | 'organisationStatus'>[],
): OrganisationDto[] {
  const leads = members.filter((m) => m.role === 'lead');
  const confirmed = new Set(leads.filter((m) => m.organisationStatus === 'confirmed').map((m) => m.organisation.id));
  const only = new Map<string, OrganisationDto>();
  for (const lead of leads) if (!confirmed.has(lead.organisation.id)) only.set(lead.organisation.id, lead.organisation);
  return [...only.values()];
}

/** What to do about an organisation whose leads are all waiting for its admins to confirm them. */
export const unconfirmedLeadsMessage = (organisationName: string) =>
  `${organisationName}'s leads on this entry are not yet confirmed members of ${organisationName}, so it cannot endorse. An admin of ${organisationName} confirms them on its organisation page.`;

/** What to do about an organisation with no lead (the same words as the sign-off panel). */
export const noLeadMessage = (organisationName: string) =>
  `${organisationName} has no lead on this entry, so it cannot endorse. Make someone from ${organisationName} a lead to endorse for it.`;
