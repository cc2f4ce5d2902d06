import type { Generated } from 'kysely';
import type { AuditLogTable } from './auditTables.ts';
import type { ConsentRecordEntryTable, ConsentRecordTable } from './consentTables.ts';
import type { CustomCategoryTable, CustomCategoryVersionTable } from './customCategoryTables.ts';
import type { EntryOutcomeTable } from './entryOutcomeTables.ts';
import type { ErasureTable, RetentionScheduleTable } from './erasureTables.ts';
import type { EntryFileTable, FileBlobChunkTable, FileBlobTable, FileThumbnailTable } from './fileTables.ts';
import type { FinalistPresenterTable, FinalistStageTable, RehearsalNoteTable } from './finalistTables.ts';
import type {
  ItemOriginTable,
  LibraryItemFileTable,
  LibraryItemTable,
  LibraryItemUseTable,
} from './itemOriginTables.ts';
import type { EntryDeadlineTable, EntryReminderJobTable, QueuedJobTable, SentReminderTable } from './jobTables.ts';
import type {
  NotificationDigestTable,
  NotificationSettingsTable,
  NotificationTable,
  ReviewRequestTable,
  UnsubscribeTokenTable,
} from './notificationTables.ts';
import type { OrganisationDomainTable, OrganisationTable, UserTable } from './organisationTables.ts';
import type { SsoIdentityTable, SsoLoginTable } from './ssoTables.ts';
import type { PendingLoginTable, TwoFactorRecoveryCodeTable, TwoFactorTable } from './twoFactorTables.ts';

/**
 * Table types of Jointly's database, shared by the SQLite and PostgreSQL
 * dialects. Times are integer milliseconds since the epoch (UTC); binary
 * columns are Node Buffers in both drivers.
 */
export type Database = {
  organisations: OrganisationTable;
  organisation_domains: OrganisationDomainTable;
  users: UserTable;
  sessions: SessionTable;
  entries: EntryTable;
  memberships: MembershipTable;
  invitations: InvitationTable;
  doc_snapshots: DocSnapshotTable;
  doc_updates: DocUpdateTable;
  doc_clients: DocClientTable;
  contributions: ContributionTable;
  exhibit_labels: ExhibitLabelTable;
  section_approvals: SectionApprovalTable;
  endorsements: EndorsementTable;
  submissions: SubmissionTable;
  activity: ActivityTable;
  section_assignments: SectionAssignmentTable;
  section_assignees: SectionAssigneeTable;
  comments: CommentTable;
  suggestions: SuggestionTable;
  comment_anchors: CommentAnchorTable;
  entry_files: EntryFileTable;
  file_blobs: FileBlobTable;
  file_blob_chunks: FileBlobChunkTable;
  file_thumbnails: FileThumbnailTable;
  section_versions: SectionVersionTable;
  notifications: NotificationTable;
  notification_digests: NotificationDigestTable;
  notification_settings: NotificationSettingsTable;
  unsubscribe_tokens: UnsubscribeTokenTable;
  review_requests: ReviewRequestTable;
  two_factor: TwoFactorTable;
  two_factor_recovery_codes: TwoFactorRecoveryCodeTable;
  sso_identities: SsoIdentityTable;
  sso_logins: SsoLoginTable;
  pending_logins: PendingLoginTable;
  account_tokens: AccountTokenTable;
  audit_log: AuditLogTable;
  queued_jobs: QueuedJobTable;
  entry_deadlines: EntryDeadlineTable;
  entry_reminder_jobs: EntryReminderJobTable;
  sent_reminders: SentReminderTable;
  entry_outcomes: EntryOutcomeTable;
  finalist_stages: FinalistStageTable;
  finalist_presenters: FinalistPresenterTable;
  rehearsal_notes: RehearsalNoteTable;
  custom_categories: CustomCategoryTable;
  custom_category_versions: CustomCategoryVersionTable;
  consent_records: ConsentRecordTable;
  consent_record_entries: ConsentRecordEntryTable;
  item_origins: ItemOriginTable;
  erasures: ErasureTable;
  retention_schedules: RetentionScheduleTable;
  library_items: LibraryItemTable;
  library_item_files: LibraryItemFileTable;
  library_item_uses: LibraryItemUseTable;
};

export type SessionTable = {
  /** The public half of the token; the secret half is only stored hashed. */
  id: string;
  user_id: string;
  secret_hash: Buffer;
  created_at: number;
  last_active_at: number;
  /** Null before migration 0015 (a password); 'sso' meets an organisation's two-factor requirement. */
  sign_in_method: 'password' | 'two_factor' | 'sso' | null;
};

export type EntryTable = {
  id: string;
  title: string;
  category_id: string;
  lead_organisation_id: string;
  created_by: string;
  status: string;
  created_at: number;
  /** 1: the entry's viewers may suggest changes through the server (C-SUGGEST-5); a lead's choice. */
  viewers_may_suggest: Generated<number>;
  /** 1: every export's footer says NOT FOR PUBLICATION (issue 17 item 5, migration 0016); a lead's choice. */
  not_for_publication: Generated<number>;
};

export type MembershipTable = {
  entry_id: string;
  user_id: string;
  organisation_id: string;
  role: string;
  created_at: number;
};

export type InvitationTable = {
  id: string;
  entry_id: string;
  email: string;
  role: string;
  token_hash: Buffer;
  invited_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  accepted_by: string | null;
  revoked_at: number | null;
};

/** The compacted document: the server doc encoded, covering updates up to `last_update_id`. */
export type DocSnapshotTable = {
  entry_id: string;
  state: Buffer;
  last_update_id: number;
  updated_at: number;
};

/** The append-only log of updates the server's own Y.Doc emitted. */
export type DocUpdateTable = {
  id: Generated<number>;
  entry_id: string;
  data: Buffer;
  created_at: number;
};

/** Which person first wrote under each Yjs client id of a document. */
export type DocClientTable = {
  entry_id: string;
  client_id: number;
  user_id: string;
  created_at: number;
};

/**
 * The contribution log: who sent each applied update and what it touched.
 * Kept outside the compacted document, so provenance survives compaction.
 */
export type ContributionTable = {
  id: Generated<number>;
  entry_id: string;
  user_id: string;
  organisation_id: string;
  /** JSON: string[] of section ids written in. */
  sections: string;
  /** JSON: {collection, itemId, action: 'created'|'changed'|'deleted'}[]. */
  items: string;
  created_at: number;
};

/**
 * Exhibit labels: `E<number>` per entry, assigned in order of creation across
 * testimonials and evidence, never reused (a deleted item keeps its row).
 */
export type ExhibitLabelTable = {
  entry_id: string;
  item_id: string;
  /** 'testimonials' | 'evidence': the collection the item was first created in. */
  collection: string;
  number: number;
  created_at: number;
};

/** A lead's approval of a section's content; every approval is kept, the latest counts. */
export type SectionApprovalTable = {
  id: Generated<number>;
  entry_id: string;
  section_id: string;
  /** sectionContentHash of the server's document when approved. */
  content_hash: string;
  /** JSON: the section's normalised content (SectionContent) as approved, for the diff. */
  content: string;
  approved_by: string;
  organisation_id: string;
  approved_at: number;
};

/**
 * A recorded version of a section (issue 14 item 4): kind 'auto' | 'named' | 'restore'; `state` is
 * the encoded Yjs state of a document holding only `section:<section_id>`. Never updated; old
 * automatic ones are thinned (config HISTORY_*).
 */
export type SectionVersionTable = {
  id: Generated<number>;
  entry_id: string;
  section_id: string;
  kind: string;
  name: string | null;
  /** For a restore: the id of the version restored (h…, a…, s…). */
  restored_from: string | null;
  user_id: string;
  organisation_id: string;
  created_at: number;
  words: number;
  content_hash: string;
  state: Buffer;
};

/** An organisation's endorsement of the entry's content; withdrawn (computed) once the content changes. */
export type EndorsementTable = {
  id: Generated<number>;
  entry_id: string;
  organisation_id: string;
  /** entryContentHash when endorsed. */
  content_hash: string;
  endorsed_by: string;
  endorsed_at: number;
};

/** A submitted version: the server document's state and its hash, kept for good. */
export type SubmissionTable = {
  id: string;
  entry_id: string;
  /** 1, 2, … per entry. */
  version: number;
  content_hash: string;
  /** Y.encodeStateAsUpdate of the server document at submission. */
  state: Buffer;
  submitted_by: string;
  organisation_id: string;
  submitted_at: number;
  /** The client's Idempotency-Key, unique per entry; a retry with it returns this row. */
  idempotency_key: string | null;
};

/** The entry's activity feed. */
export type ActivityTable = {
  id: Generated<number>;
  entry_id: string;
  at: number;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  /** ActivityKind. */
  kind: string;
  /** JSON object. */
  detail: string;
};

/** A section's assignment; its assignees are in section_assignees. */
export type SectionAssignmentTable = {
  entry_id: string;
  section_id: string;
  /** YYYY-MM-DD, a UTC calendar date; null when there is no due date. */
  due_date: string | null;
  assigned_by: string;
  assigned_at: number;
};

export type SectionAssigneeTable = {
  entry_id: string;
  section_id: string;
  user_id: string;
};

/** A comment on a section: a thread when `thread_id` is null, else a reply in that thread. */
export type CommentTable = {
  id: string;
  entry_id: string;
  section_id: string;
  thread_id: string | null;
  author_id: string;
  /** The organisation the author was a member for when they wrote. */
  organisation_id: string;
  /** Plain text, never HTML. */
  body: string;
  /** JSON: string[] of mentioned user ids. */
  mentions: string;
  created_at: number;
  /** Threads only. */
  resolved_at: number | null;
  resolved_by: string | null;
  resolved_by_organisation_id: string | null;
};

/** The text a comment thread is about (issue 14 item 2): base64 Yjs relative positions and the quote, as sent. */
export type CommentAnchorTable = {
  comment_id: string;
  entry_id: string;
  start_position: string;
  end_position: string;
  quote: string;
};

/** Who made a suggestion (issue 14 item 3, C-SUGGEST-1): the first connection that wrote its mark. */
export type SuggestionTable = {
  entry_id: string;
  suggestion_id: string;
  kind: string;
  section_id: string;
  user_id: string;
  organisation_id: string;
  created_at: number;
};

/** A single-use e-mailed link (accounts/accountTokens.ts): only its SHA-256 is stored. */
export type AccountTokenTable = {
  token_hash: string;
  user_id: string;
  /** 'reset' | 'verify' | 'email_change'. */
  purpose: string;
  /** The address the link was sent to. */
  email: string;
  created_at: number;
  expires_at: number;
};
