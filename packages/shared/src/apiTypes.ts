import type { OrganisationKind } from './organisationKinds.ts';
import type { Role } from './roles.ts';

/** Response shapes of the public API (PRODUCT §6). Times are ISO 8601 UTC strings. */

export type UserDto = { id: string; email: string; name: string };
export type OrganisationDto = { id: string; name: string; kind: OrganisationKind };
export type MeDto = { user: UserDto; organisation: OrganisationDto };

export type SectionStatus = 'not_started' | 'in_progress' | 'approved' | 'changed_since_approval';

export type SectionDto = {
  id: string;
  title: string;
  summary: string;
  wordLimit: number;
  status: SectionStatus;
  prompts: string[];
  /** Words in the section as stored on the server. */
  words: number;
};

export type MemberDto = {
  userId: string;
  name: string;
  email: string;
  role: Role;
  organisation: OrganisationDto;
  joinedAt: string;
};

export type EntryStatus = 'draft' | 'submitted';

/** Progress figures of an entry, computed by the server from the stored document. */
export type EntryProgressDto = {
  sectionCount: number;
  sectionsApproved: number;
  /** Words written across all sections, counted as PRODUCT §2 says. */
  wordsUsed: number;
  /** The sum of the sections' word limits. */
  wordLimitTotal: number;
  /** Sections whose text is over their word limit. */
  sectionsOverLimit: number;
};

/** Someone with the entry open right now. */
export type PresenceDto = { userId: string; name: string; organisationName: string };

export type EntrySummaryDto = {
  id: string;
  title: string;
  categoryId: string;
  categoryName: string;
  programme: string;
  deadline: string | null;
  status: EntryStatus;
  role: Role;
  leadOrganisation: OrganisationDto;
  createdAt: string;
  progress: EntryProgressDto;
  activeNow: PresenceDto[];
};

export type EntryDto = EntrySummaryDto & {
  sections: SectionDto[];
  members: MemberDto[];
  organisations: OrganisationDto[];
};

export type InvitationDto = {
  id: string;
  email: string;
  role: Role;
  invitedBy: { id: string; name: string };
  createdAt: string;
  expiresAt: string;
};

export type CreatedInvitationDto = InvitationDto & { token: string; url: string };

/** What the invitation page shows before the invitee accepts. */
export type InvitationPreviewDto = {
  entryTitle: string;
  role: Role;
  email: string;
  invitedBy: string;
  leadOrganisation: string;
  expiresAt: string;
};

export type AcceptedInvitationDto = { entryId: string; role: Role };
