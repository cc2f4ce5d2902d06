import type { SubjectAccessExportDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import type { RowBudget } from './rowBudget.ts';

type WorkPart = Pick<
  SubjectAccessExportDto,
  | 'comments'
  | 'commentsResolved'
  | 'suggestions'
  | 'approvals'
  | 'endorsements'
  | 'submissions'
  | 'sectionVersions'
  | 'activity'
  | 'assignments'
  | 'reviewRequests'
  | 'notifications'
  | 'notificationSettings'
  | 'files'
>;

const isoOrNull = (ms: number | string | null) => (ms === null ? null : isoTime(ms));

function parseStrings(json: string | undefined): string[] {
  if (!json) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * What the person did in entries (comments, suggestions, sign-offs, versions, assignments, files) and
 * what Jointly told them (notifications). Every query is by the person's own id in the column that
 * says who did it or whom it is for: nobody else's comment or upload can come in.
 */
export async function readWorkData(db: Kysely<Database>, userId: string, budget: RowBudget): Promise<WorkPart> {
  const [
    comments,
    resolved,
    suggestions,
    approvals,
    endorsements,
    submissions,
    versions,
    activity,
    assignedTo,
    assignedBy,
    reviews,
    notifications,
    settings,
    digest,
    files,
  ] = await Promise.all([
    budget.rows(
      'comments',
      db
        .selectFrom('comments')
        .leftJoin('comment_anchors', 'comment_anchors.comment_id', 'comments.id')
        .select([
          'comments.id',
          'comments.entry_id',
          'comments.section_id',
          'comments.thread_id',
          'comments.body',
          'comments.created_at',
          'comments.resolved_at',
          'comment_anchors.quote',
        ])
        .where('comments.author_id', '=', userId)
        .orderBy('comments.created_at'),
    ),
    budget.rows(
      'commentsResolved',
      db
        .selectFrom('comments')
        .select(['id', 'entry_id', 'resolved_at'])
        .where('resolved_by', '=', userId)
        .orderBy('resolved_at'),
    ),
    budget.rows(
      'suggestions',
      db
        .selectFrom('suggestions')
        .select(['entry_id', 'suggestion_id', 'section_id', 'kind', 'created_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at'),
    ),
    budget.rows(
      'approvals',
      db
        .selectFrom('section_approvals')
        .select(['entry_id', 'section_id', 'content_hash', 'approved_at'])
        .where('approved_by', '=', userId)
        .orderBy('id'),
    ),
    budget.rows(
      'endorsements',
      db
        .selectFrom('endorsements')
        .select(['entry_id', 'organisation_id', 'content_hash', 'endorsed_at'])
        .where('endorsed_by', '=', userId)
        .orderBy('id'),
    ),
    budget.rows(
      'submissions',
      db
        .selectFrom('submissions')
        .select(['entry_id', 'version', 'content_hash', 'submitted_at'])
        .where('submitted_by', '=', userId)
        .orderBy('submitted_at'),
    ),
    budget.rows(
      'sectionVersions',
      db
        .selectFrom('section_versions')
        .select(['entry_id', 'section_id', 'kind', 'name', 'words', 'created_at'])
        .where('user_id', '=', userId)
        .orderBy('id'),
    ),
    budget.rows(
      'activity',
      db.selectFrom('activity').select(['entry_id', 'kind', 'at']).where('actor_user_id', '=', userId).orderBy('id'),
    ),
    budget.rows(
      'assignments.assignedToYou',
      db
        .selectFrom('section_assignees')
        .innerJoin('section_assignments', (join) =>
          join
            .onRef('section_assignments.entry_id', '=', 'section_assignees.entry_id')
            .onRef('section_assignments.section_id', '=', 'section_assignees.section_id'),
        )
        .select(['section_assignees.entry_id', 'section_assignees.section_id', 'section_assignments.due_date'])
        .where('section_assignees.user_id', '=', userId),
    ),
    budget.rows(
      'assignments.assignedByYou',
      db
        .selectFrom('section_assignments')
        .select(['entry_id', 'section_id', 'assigned_at'])
        .where('assigned_by', '=', userId)
        .orderBy('assigned_at'),
    ),
    budget.rows(
      'reviewRequests',
      db
        .selectFrom('review_requests')
        .select(['entry_id', 'section_id', 'requested_at'])
        .where('requested_by', '=', userId)
        .orderBy('requested_at'),
    ),
    budget.rows(
      'notifications',
      db
        .selectFrom('notifications')
        .select(['id', 'entry_id', 'section_id', 'kind', 'created_at', 'read_at', 'emailed_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at'),
    ),
    db.selectFrom('notification_settings').select('email_off').where('user_id', '=', userId).executeTakeFirst(),
    db.selectFrom('notification_digests').select('last_sent_at').where('user_id', '=', userId).executeTakeFirst(),
    budget.rows(
      'files',
      db
        .selectFrom('entry_files')
        .select(['id', 'entry_id', 'name', 'mime', 'kind', 'size', 'pages', 'sha256', 'uploaded_at'])
        .where('uploaded_by', '=', userId)
        .orderBy('uploaded_at'),
    ),
  ]);

  return {
    comments: comments.map((row) => ({
      id: row.id,
      entryId: row.entry_id,
      sectionId: row.section_id,
      threadId: row.thread_id,
      body: row.body,
      quote: row.quote ?? null,
      createdAt: isoTime(row.created_at),
      resolvedAt: isoOrNull(row.resolved_at),
    })),
    commentsResolved: resolved.map((row) => ({
      commentId: row.id,
      entryId: row.entry_id,
      resolvedAt: isoTime(row.resolved_at ?? 0),
    })),
    suggestions: suggestions.map((row) => ({
      entryId: row.entry_id,
      suggestionId: row.suggestion_id,
      sectionId: row.section_id,
      kind: row.kind,
      createdAt: isoTime(row.created_at),
    })),
    approvals: approvals.map((row) => ({
      entryId: row.entry_id,
      sectionId: row.section_id,
      contentHash: row.content_hash,
      approvedAt: isoTime(row.approved_at),
    })),
    endorsements: endorsements.map((row) => ({
      entryId: row.entry_id,
      organisationId: row.organisation_id,
      contentHash: row.content_hash,
      endorsedAt: isoTime(row.endorsed_at),
    })),
    submissions: submissions.map((row) => ({
      entryId: row.entry_id,
      version: Number(row.version),
      contentHash: row.content_hash,
      submittedAt: isoTime(row.submitted_at),
    })),
    sectionVersions: versions.map((row) => ({
      entryId: row.entry_id,
      sectionId: row.section_id,
      kind: row.kind,
      name: row.name,
      words: Number(row.words),
      createdAt: isoTime(row.created_at),
    })),
    activity: activity.map((row) => ({ entryId: row.entry_id, kind: row.kind, at: isoTime(row.at) })),
    assignments: {
      assignedToYou: assignedTo.map((row) => ({
        entryId: row.entry_id,
        sectionId: row.section_id,
        dueDate: row.due_date,
      })),
      assignedByYou: assignedBy.map((row) => ({
        entryId: row.entry_id,
        sectionId: row.section_id,
        assignedAt: isoTime(row.assigned_at),
      })),
    },
    reviewRequests: reviews.map((row) => ({
      entryId: row.entry_id,
      sectionId: row.section_id,
      requestedAt: isoTime(row.requested_at),
    })),
    notifications: notifications.map((row) => ({
      id: row.id,
      entryId: row.entry_id,
      sectionId: row.section_id,
      kind: row.kind,
      createdAt: isoTime(row.created_at),
      readAt: isoOrNull(row.read_at),
      emailedAt: isoOrNull(row.emailed_at),
    })),
    notificationSettings: {
      emailOff: parseStrings(settings?.email_off),
      lastDigestAt: digest ? isoTime(digest.last_sent_at) : null,
    },
    files: files.map((row) => ({
      id: row.id,
      entryId: row.entry_id,
      name: row.name,
      mime: row.mime,
      kind: row.kind,
      size: Number(row.size),
      pages: row.pages === null ? null : Number(row.pages),
      sha256: row.sha256,
      uploadedAt: isoTime(row.uploaded_at),
    })),
  };
}
