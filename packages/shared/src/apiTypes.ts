import type { CommentAnchorDto } from './commentAnchors.ts';
import type { EvidenceFields, TestimonialFields } from './documentItems.ts';
import type { ItemOriginDto } from './entryCopy.ts';
import type { ReviewRequestDto } from './notifications.ts';
import type { OrganisationKind } from './organisationKinds.ts';
import type { OrganisationMemberRole, OrganisationMemberStatus } from './organisations.ts';
import type { Role } from './roles.ts';
import type { ShortFieldRule } from './shortFields.ts';
import type { DiffBlock } from './textDiff.ts';

/** Response shapes of the public API (PRODUCT §6). Times are ISO 8601 UTC strings. */

export type UserDto = { id: string; email: string; name: string };
/**
 * GET /api/me and sign-in answers: the user gains `emailVerified`, and their standing in their
 * organisation: `organisationStatus` ('pending' until confirmed: cannot endorse for it) and
 * `organisationRole` ('admin' manages it) (issue 15).
 */
export type MeUserDto = UserDto & {
  emailVerified: boolean;
  organisationStatus: OrganisationMemberStatus;
  organisationRole: OrganisationMemberRole;
};
export type OrganisationDto = { id: string; name: string; kind: OrganisationKind };
export type MeDto = {
  user: MeUserDto;
  organisation: OrganisationDto;
  /**
   * True while the organisation requires two-factor sign-in and this session has none: only the
   * set-up routes answer until it is set up (issue 15). Sent by GET /api/me and sign-in answers.
   */
  twoFactorEnrolmentRequired?: boolean;
};

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
  /** The content hash of the section now (sectionContentHash), so a client can compare live. */
  contentHash?: string;
  /** The latest approval of the section, whatever content it was for; null when never approved. */
  approval?: SectionApprovalDto | null;
  /** Who the section is assigned to and by when (every section has one; unassigned: no assignees, state 'none'). */
  assignment?: SectionAssignmentDto;
  /** The open "ready for review" request (issue 14 item 6); null when none. */
  reviewRequest?: ReviewRequestDto | null;
};

/**
 * 'overdue': the due date (a UTC calendar date) is before today (UTC, the
 * server's clock); 'due': today or later; 'none': no due date or nobody assigned.
 */
export type AssignmentState = 'due' | 'overdue' | 'none';

/** A section's assignment (PRODUCT §3 journey 6). Assignees are current members only. */
export type SectionAssignmentDto = {
  sectionId: string;
  assignees: ActorDto[];
  /** YYYY-MM-DD (UTC), or null. */
  dueDate: string | null;
  state: AssignmentState;
};

/** Something a lead should know about an assignment that was saved: its due date is before today (UTC). */
export type AssignmentWarning = 'due_date_in_past';

/** PUT …/sections/:sectionId/assignment: the saved assignment and its warnings (issue 11 item 14). */
export type SavedSectionAssignmentDto = SectionAssignmentDto & { warnings: AssignmentWarning[] };

/** A reply in a comment thread. Bodies are plain text, to be shown as text (never as HTML). */
export type CommentReplyDto = {
  id: string;
  author: ActorDto;
  body: string;
  /** Members mentioned, as they are now (a former member is left out). */
  mentions: ActorDto[];
  createdAt: string;
};

/** A comment thread on a section: the opening comment, its replies (oldest first) and whether it is resolved. */
export type CommentThreadDto = CommentReplyDto & {
  sectionId: string;
  resolved: boolean;
  resolvedBy: ActorDto | null;
  resolvedAt: string | null;
  replies: CommentReplyDto[];
  /** The text the thread is about (issue 14 item 2); absent on a section-level thread. */
  anchor?: CommentAnchorDto;
};

/** A lead's approval of a section's content (PRODUCT §3 journey 6). */
export type SectionApprovalDto = { contentHash: string; approvedBy: ActorDto; approvedAt: string };

/** What `POST /api/entries/:id/sections/:sectionId/approve` answers (S-APPROVE-1): the approval just recorded. */
export type ApprovedSectionDto = {
  sectionId: string;
  status: 'approved';
  contentHash: string;
  approval: SectionApprovalDto;
};

/** An organisation's endorsement of the entry; `current` is false once the content changed (withdrawn). */
export type EndorsementDto = {
  organisation: OrganisationDto;
  endorsedBy: ActorDto;
  endorsedAt: string;
  contentHash: string;
  current: boolean;
};

export type MemberDto = {
  userId: string;
  name: string;
  email: string;
  role: Role;
  organisation: OrganisationDto;
  /** 'confirmed': a verified member of that organisation; 'pending': unconfirmed, cannot endorse for it (issue 15). */
  organisationStatus: OrganisationMemberStatus;
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
  /** Sections assigned to the caller with a due date, by state. */
  assignedToMe?: { due: number; overdue: number };
  /**
   * Checks failing (PRODUCT §3 journey 8): how many submit conditions are unmet
   * now, counted as submitting counts them; 0 once submitted.
   */
  checksFailing?: number;
  /**
   * What the dashboard and entry page count down to (issue 17 item 2): the entry's own deadline,
   * else the award's (its template's, or one a lead set); null when there is neither.
   */
  countdown?: { to: string; which: 'entry' | 'award' } | null;
};

export type EntryDto = EntrySummaryDto & {
  sections: SectionDto[];
  members: MemberDto[];
  organisations: OrganisationDto[];
  /** The content hash of the whole entry now (entryContentHash). */
  contentHash?: string;
  /** The latest endorsement of each organisation that endorsed. */
  endorsements?: EndorsementDto[];
  /** Whether the entry's viewers may suggest changes (C-SUGGEST-5); absent from older servers: false. */
  viewersMaySuggest?: boolean;
  /** A lead marked the entry not for publication: every export's footer says so (issue 17 item 5); absent: false. */
  notForPublication?: boolean;
  /** The award's short fields its category declares, in order (issue 17 item 1); absent from older servers: none. */
  shortFields?: ShortFieldRule[];
};

/** What changed in a section since its latest approval, paragraph by paragraph. */
export type ApprovalDiffDto = {
  sectionId: string;
  approval: SectionApprovalDto | null;
  currentHash: string;
  changed: boolean;
  approvedText: string;
  currentText: string;
  /**
   * Top-level blocks (as plain text, citations as "see E3") in the current
   * text but not the approved, and the other way round.
   */
  added: string[];
  removed: string[];
  /** Every block in reading order, an edited block word by word (diffBlocks). */
  blocks: DiffBlock[];
};

/** One submitted version of an entry (every version stays, PRODUCT §3 journey 7). */
export type SubmissionDto = {
  version: number;
  contentHash: string;
  submittedBy: ActorDto;
  submittedAt: string;
};

/** A submitted version rebuilt from its stored state, with a check that it still hashes the same. */
export type SubmissionDetailDto = SubmissionDto & {
  /** The hash recomputed from the stored state equals `contentHash`. */
  verified: boolean;
  sections: { id: string; title: string; wordLimit: number; text: string; words: number }[];
  testimonials: (TestimonialFields & { id: string })[];
  evidence: (EvidenceFields & { id: string })[];
};

/** What `GET /api/entries/:id/submit-conditions` answers (S-SUBMIT-7): the unmet conditions, as a refused submit names them. */
export type SubmitConditionsDto = { met: boolean; issues: { path: string; message: string }[] };

/** What `POST /api/entries/:id/reopen` answers (S-REOPEN-1). */
export type ReopenedEntryDto = { id: string; status: 'draft' };

export type ActivityKind =
  | 'entry_created'
  | 'member_invited'
  | 'member_joined'
  | 'member_role_changed'
  | 'member_removed'
  | 'section_approved'
  | 'entry_endorsed'
  | 'entry_submitted'
  | 'entry_reopened'
  | 'section_assigned'
  | 'comment_added'
  | 'comment_resolved'
  | 'comment_unresolved'
  /** A testimonial or evidence item was added (detail: itemId, collection, label). */
  | 'item_added'
  /** A testimonial or evidence item was removed (detail: itemId, collection, label). */
  | 'item_removed'
  /** A file was uploaded to the entry (detail: fileId, name, type, size). */
  | 'file_uploaded'
  /** A lead changed the entry's settings (detail: viewersMaySuggest). */
  | 'entry_settings_changed'
  /** A lead recorded what became of the entry after submitting (detail: stage, portalSubmittedOn). */
  | 'outcome_recorded'
  /** A lead marked the entry not for publication, or cleared it (detail: notForPublication). */
  | 'publication_changed'
  /** A consent record was recorded in this entry (detail: consentId, personName; issue 18). */
  | 'consent_recorded'
  /** A consent record this entry uses was withdrawn (detail: consentId, personName; issue 18). */
  | 'consent_withdrawn'
  /** A testimonial's personal data was erased (detail: itemId, label, reason kind; issue 18 item 2). */
  | 'personal_data_erased';

/** One line of an entry's activity feed (newest first). */
export type ActivityDto = {
  id: number;
  at: string;
  actor: ActorDto | null;
  kind: ActivityKind;
  detail: Record<string, unknown>;
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

/**
 * POST …/invitations/:invitationId/reissue: the same invitation with a fresh token (the old link no
 * longer works) and a new expiry; `emailed` says whether Jointly sent the new link by e-mail.
 */
export type ReissuedInvitationDto = CreatedInvitationDto & { emailed: boolean };

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

/** A person acting for an organisation, as the server knows them from the session. */
export type ActorDto = {
  userId: string;
  name: string;
  organisation: { id: string; name: string };
};

export type ProvenanceEventDto = { actor: ActorDto; at: string };

/** Who wrote a section: from the server's contribution log and the live document. */
export type SectionContributorDto = {
  actor: ActorDto;
  /** Share (0–1) of the section's current text written under this person's Yjs client ids. */
  share: number;
  /** Characters of the current text written by this person. */
  characters: number;
  /** Updates this person sent that touched the section. */
  edits: number;
  firstAt: string;
  lastAt: string;
};

export type SectionProvenanceDto = { sectionId: string; contributors: SectionContributorDto[] };

export type ItemProvenanceDto = {
  itemId: string;
  collection: 'testimonials' | 'evidence';
  /** The exhibit label (E1, E2, …), assigned by the server in order of creation, never reused. */
  label: string;
  created: ProvenanceEventDto | null;
  /** Changes after creation, oldest first. */
  changes: ProvenanceEventDto[];
  deleted: ProvenanceEventDto | null;
  /** Issue 17 item 3: where an item copied from another entry was first contributed (absent: contributed here). */
  origin?: ItemOriginDto;
};

/** One line of the entry-wide contributor register. */
export type ContributorRegisterRowDto = {
  actor: ActorDto;
  /** Section ids this person wrote in. */
  sections: string[];
  /** Item ids this person created or changed. */
  items: string[];
  /** Files this person uploaded to the entry, oldest first (issue 13). */
  files: { id: string; name: string }[];
  /** Document updates this person sent (uploads are counted in `files`). */
  edits: number;
  firstAt: string;
  lastAt: string;
};

/** GET /api/entries/:id/provenance (PRODUCT §5, §6). */
export type ProvenanceDto = {
  entryId: string;
  sections: SectionProvenanceDto[];
  items: ItemProvenanceDto[];
  register: ContributorRegisterRowDto[];
};
