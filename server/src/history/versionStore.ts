import type { SectionContent } from '@jointly/shared';
import type { Kysely, Selectable } from 'kysely';
import {
  HISTORY_AUTO_THIN_AFTER_MS,
  HISTORY_AUTO_THIN_BUCKET_MS,
  HISTORY_MAX_AUTO_VERSIONS_PER_SECTION,
} from '../config.ts';
import type { Database } from '../db/schema.ts';
import { type SectionSnapshot, snapshotOfContent, snapshotOfState } from './sectionSnapshot.ts';

/** A version as the service lists it, before names are looked up. */
export type VersionRow = {
  id: string;
  kind: 'auto' | 'named' | 'restore' | 'approval' | 'submission';
  name: string | null;
  restoredFrom: string | null;
  userId: string;
  organisationId: string;
  at: number;
  words: number;
  contentHash: string;
};

/** What a version row is read from: a recorded version's columns, an approval's, a submission's. */
const RECORDED_COLUMNS = [
  'id',
  'kind',
  'name',
  'restored_from',
  'user_id',
  'organisation_id',
  'created_at',
  'words',
  'content_hash',
] as const;
const APPROVAL_COLUMNS = ['id', 'content', 'approved_by', 'organisation_id', 'approved_at'] as const;
const SUBMISSION_COLUMNS = ['version', 'state', 'submitted_by', 'organisation_id', 'submitted_at'] as const;

type Recorded = Pick<Selectable<Database['section_versions']>, (typeof RECORDED_COLUMNS)[number]>;
type Approval = Pick<Selectable<Database['section_approvals']>, (typeof APPROVAL_COLUMNS)[number]>;
type Submission = Pick<Selectable<Database['submissions']>, (typeof SUBMISSION_COLUMNS)[number]>;

/** A recorded version (auto, named, restore) as the service lists it. */
function recordedRow(r: Recorded): VersionRow {
  return {
    id: `h${r.id}`,
    kind: r.kind as VersionRow['kind'],
    name: r.name,
    restoredFrom: r.restored_from,
    userId: r.user_id,
    organisationId: r.organisation_id,
    at: Number(r.created_at),
    words: Number(r.words),
    contentHash: r.content_hash,
  };
}

/** An approval as a version, with the section as it was approved (its kept normalised content). */
function approvalVersion(sectionId: string, a: Approval): { row: VersionRow; snapshot: SectionSnapshot } {
  const snapshot = snapshotOfContent(sectionId, JSON.parse(a.content) as SectionContent);
  return {
    row: {
      id: `a${a.id}`,
      kind: 'approval',
      name: null,
      restoredFrom: null,
      userId: a.approved_by,
      organisationId: a.organisation_id,
      at: Number(a.approved_at),
      words: snapshot.words,
      contentHash: snapshot.contentHash,
    },
    snapshot,
  };
}

/** A submission as a version of the section, given the section as it was submitted. */
function submissionRow(s: Submission, snapshot: SectionSnapshot): VersionRow {
  const version = Number(s.version);
  return {
    id: `s${version}`,
    kind: 'submission',
    name: `Submitted version ${version}`,
    restoredFrom: null,
    userId: s.submitted_by,
    organisationId: s.organisation_id,
    at: Number(s.submitted_at),
    words: snapshot.words,
    contentHash: snapshot.contentHash,
  };
}

/** Approvals and submissions listed per section: the latest this many (each costs a rebuild). */
const MAX_SIGNOFF_VERSIONS_LISTED = 100;
/** Submitted versions are immutable: their per-section snapshots are kept, this many at most. */
const SUBMISSION_CACHE_ENTRIES = 2_000;
const DELETE_CHUNK = 200;

/**
 * Where versions live: `section_versions` rows (auto, named, restore), and by
 * reference the approvals (`section_approvals`, whose normalised content is
 * kept for the approval diff) and the submissions (`submissions`, whose entry
 * state is kept for exports). Approvals and submissions are not copied.
 */
export function createVersionStore(db: Kysely<Database>) {
  const submissionCache = new Map<string, SectionSnapshot>();

  function submissionSnapshot(entryId: string, sectionId: string, s: Submission) {
    const key = `${entryId}\u0000${Number(s.version)}\u0000${sectionId}`;
    let snapshot = submissionCache.get(key);
    if (!snapshot) {
      snapshot = snapshotOfState(sectionId, new Uint8Array(s.state));
      if (submissionCache.size >= SUBMISSION_CACHE_ENTRIES) {
        submissionCache.delete(submissionCache.keys().next().value as string);
      }
      submissionCache.set(key, snapshot);
    }
    return snapshot;
  }

  async function insert(row: {
    entryId: string;
    sectionId: string;
    kind: 'auto' | 'named' | 'restore';
    name: string | null;
    restoredFrom: string | null;
    userId: string;
    organisationId: string;
    at: number;
    snapshot: SectionSnapshot;
  }): Promise<string> {
    const inserted = await db
      .insertInto('section_versions')
      .values({
        entry_id: row.entryId,
        section_id: row.sectionId,
        kind: row.kind,
        name: row.name,
        restored_from: row.restoredFrom,
        user_id: row.userId,
        organisation_id: row.organisationId,
        created_at: row.at,
        words: row.snapshot.words,
        content_hash: row.snapshot.contentHash,
        state: Buffer.from(row.snapshot.state),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return `h${inserted.id}`;
  }

  /** Every version of the section, newest first. */
  async function list(entryId: string, sectionId: string): Promise<VersionRow[]> {
    const [recorded, approvals, submissions] = await Promise.all([
      db
        .selectFrom('section_versions')
        .select(RECORDED_COLUMNS)
        .where('entry_id', '=', entryId)
        .where('section_id', '=', sectionId)
        .execute(),
      db
        .selectFrom('section_approvals')
        .select(APPROVAL_COLUMNS)
        .where('entry_id', '=', entryId)
        .where('section_id', '=', sectionId)
        .orderBy('id', 'desc')
        .limit(MAX_SIGNOFF_VERSIONS_LISTED)
        .execute(),
      db
        .selectFrom('submissions')
        .select(SUBMISSION_COLUMNS)
        .where('entry_id', '=', entryId)
        .orderBy('version', 'desc')
        .limit(MAX_SIGNOFF_VERSIONS_LISTED)
        .execute(),
    ]);
    const rows: VersionRow[] = [
      ...recorded.map(recordedRow),
      ...approvals.map((a) => approvalVersion(sectionId, a).row),
      ...submissions.map((s) => submissionRow(s, submissionSnapshot(entryId, sectionId, s))),
    ];
    return rows.sort((x, y) => y.at - x.at || order(y.id) - order(x.id));
  }

  /** One version with its content, or null when the section has no such version. */
  async function get(
    entryId: string,
    sectionId: string,
    versionId: string,
  ): Promise<{ row: VersionRow; snapshot: SectionSnapshot } | null> {
    const number = Number(versionId.slice(1));
    // The ids are canonical (sectionVersionId has no leading zeros), so each row's id is versionId.
    if (versionId.startsWith('h')) {
      const r = await db
        .selectFrom('section_versions')
        .select([...RECORDED_COLUMNS, 'state'])
        .where('id', '=', number)
        .where('entry_id', '=', entryId)
        .where('section_id', '=', sectionId)
        .executeTakeFirst();
      if (!r) return null;
      return { row: recordedRow(r), snapshot: snapshotOfState(sectionId, new Uint8Array(r.state)) };
    }
    if (versionId.startsWith('a')) {
      const a = await db
        .selectFrom('section_approvals')
        .select(APPROVAL_COLUMNS)
        .where('id', '=', number)
        .where('entry_id', '=', entryId)
        .where('section_id', '=', sectionId)
        .executeTakeFirst();
      return a ? approvalVersion(sectionId, a) : null;
    }
    const s = await db
      .selectFrom('submissions')
      .select(SUBMISSION_COLUMNS)
      .where('entry_id', '=', entryId)
      .where('version', '=', number)
      .executeTakeFirst();
    if (!s) return null;
    const snapshot = submissionSnapshot(entryId, sectionId, s);
    return { row: submissionRow(s, snapshot), snapshot };
  }

  /** The hash of the section's latest recorded version (auto, named or restore), if any. */
  async function latestRecordedHash(entryId: string, sectionId: string): Promise<string | null> {
    const row = await db
      .selectFrom('section_versions')
      .select('content_hash')
      .where('entry_id', '=', entryId)
      .where('section_id', '=', sectionId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.content_hash ?? null;
  }

  async function countKinds(entryId: string, sectionId: string, kinds: string[]): Promise<number> {
    const row = await db
      .selectFrom('section_versions')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('entry_id', '=', entryId)
      .where('section_id', '=', sectionId)
      .where('kind', 'in', kinds)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Thins the section's automatic versions: those older than HISTORY_AUTO_THIN_AFTER_MS keep the
   * latest of each HISTORY_AUTO_THIN_BUCKET_MS, and at most HISTORY_MAX_AUTO_VERSIONS_PER_SECTION
   * stay (the oldest go). Returns how many were deleted.
   */
  async function thinAuto(entryId: string, sectionId: string, now: number): Promise<number> {
    const rows = await db
      .selectFrom('section_versions')
      .select(['id', 'created_at'])
      .where('entry_id', '=', entryId)
      .where('section_id', '=', sectionId)
      .where('kind', '=', 'auto')
      .orderBy('id', 'desc')
      .execute();
    const doomed: number[] = [];
    const buckets = new Set<number>();
    let kept = 0;
    for (const row of rows) {
      const at = Number(row.created_at);
      let keep = kept < HISTORY_MAX_AUTO_VERSIONS_PER_SECTION;
      if (keep && now - at > HISTORY_AUTO_THIN_AFTER_MS) {
        const bucket = Math.floor(at / HISTORY_AUTO_THIN_BUCKET_MS);
        keep = !buckets.has(bucket);
        buckets.add(bucket);
      }
      if (keep) kept++;
      else doomed.push(Number(row.id));
    }
    for (let i = 0; i < doomed.length; i += DELETE_CHUNK) {
      await db
        .deleteFrom('section_versions')
        .where('id', 'in', doomed.slice(i, i + DELETE_CHUNK))
        .execute();
    }
    return doomed.length;
  }

  return { insert, list, get, latestRecordedHash, countKinds, thinAuto };
}

export type VersionStore = ReturnType<typeof createVersionStore>;

/** Ties in time: recorded versions after approvals after submissions, then by number. */
function order(id: string): number {
  const rank = id.startsWith('h') ? 3 : id.startsWith('a') ? 2 : 1;
  return rank * 1e15 + Number(id.slice(1));
}
