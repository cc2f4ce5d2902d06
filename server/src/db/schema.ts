import type { Generated } from 'kysely';

/**
 * Table types of Jointly's database, shared by the SQLite and PostgreSQL
 * dialects. Times are integer milliseconds since the epoch (UTC); binary
 * columns are Node Buffers in both drivers.
 */
export type Database = {
  organisations: OrganisationTable;
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
  entry_files: EntryFileTable;
  file_blobs: FileBlobTable;
  file_blob_chunks: FileBlobChunkTable;
  file_thumbnails: FileThumbnailTable;
};

export type OrganisationTable = {
  id: string;
  name: string;
  /** Lower-cased, whitespace-collapsed name: people of one organisation share its row. */
  name_key: string;
  kind: string;
  created_at: number;
};

export type UserTable = {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  organisation_id: string;
  created_at: number;
};

export type SessionTable = {
  /** The public half of the token; the secret half is only stored hashed. */
  id: string;
  user_id: string;
  secret_hash: Buffer;
  created_at: number;
  last_active_at: number;
};

export type EntryTable = {
  id: string;
  title: string;
  category_id: string;
  lead_organisation_id: string;
  created_by: string;
  status: string;
  created_at: number;
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

/** An uploaded file of an entry (issue 13): the document cites `id`; the bytes are the blob `sha256`. Never deleted. */
export type EntryFileTable = {
  id: string;
  entry_id: string;
  /** Lower-case hex SHA-256 of the bytes: the blob's name in the BlobStore. */
  sha256: string;
  /** The uploader's file name, cleaned, for display only (never a path). */
  name: string;
  /** The MIME type read from the bytes (FILE_TYPES). */
  mime: string;
  /** FileKind. */
  kind: string;
  size: number;
  /** Pages of a PDF (slides of a presentation when known); null otherwise. */
  pages: number | null;
  uploaded_by: string;
  /** The organisation the uploader was a member for when they uploaded. */
  uploaded_by_organisation: string;
  uploaded_at: number;
};

/** A blob stored in the database (scaled mode); visible once this row exists. */
export type FileBlobTable = {
  sha256: string;
  size: number;
  chunks: number;
  created_at: number;
};

/** One chunk (BLOB_CHUNK_BYTES, the last shorter) of a blob stored in the database. */
export type FileBlobChunkTable = {
  sha256: string;
  seq: number;
  data: Buffer;
};

/** A blob's thumbnail (PNG), rendered once and kept (fileService.ts keeps only rendered ones). */
export type FileThumbnailTable = {
  sha256: string;
  kind: string;
  png: Buffer | null;
  created_at: number;
};
