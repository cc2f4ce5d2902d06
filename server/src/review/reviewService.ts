import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DocumentSource } from '../documents/documentReader.ts';
import type { EntryService } from '../entries/entryService.ts';
import type { EventBus } from '../events/eventBus.ts';
import type { ActionLimiter } from '../limits/actionLimiter.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { CommentNotifier } from './commentNotifications.ts';
import { createCommentThreads } from './commentThreads.ts';
import { createMentionEmails } from './mentionEmails.ts';
import { createSectionAssignments } from './sectionAssignments.ts';

export type ReviewService = ReturnType<typeof createReviewService>;

export type ReviewDeps = {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise' | 'activityActor'>;
  /** Null without SMTP_URL: mentions are then only seen in the entry. */
  mailer: Mailer | null;
  /** Caps the mention emails a sender, an organisation and a recipient see (issue 10 finding 9). */
  limits: Pick<ActionLimiter, 'mentionEmailAllowed'>;
  logger: Pick<Logger, 'warn'>;
  /** Comments and assignments are announced to open pages once committed (C-EVENT-2). */
  events: Pick<EventBus, 'publish'>;
  /** In-app notifications (issue 14 item 5): mentions, comments, replies and assignments. */
  notifications: CommentNotifier;
  /** The entry's live or stored document: an anchored comment's positions are checked against it. */
  documents: DocumentSource;
  now?: () => number;
};

/**
 * Review around sign-off (PRODUCT §3 journey 6, §4): section assignments
 * with due dates, and comment threads on sections with replies, resolution
 * and @mentions. Leads assign; leads and contributors comment; every member
 * reads. Comments are frozen with the content once the entry is submitted.
 *
 * One module per journey: sectionAssignments.ts, commentThreads.ts (reads in
 * loadThreads.ts) and mentionEmails.ts; this factory only wires them.
 */
export function createReviewService(deps: ReviewDeps) {
  const { db, entries, mailer, limits, logger } = deps;
  const now = deps.now ?? Date.now;
  const assignments = createSectionAssignments({ db, entries, notifications: deps.notifications, now });
  const mentions = createMentionEmails({ db, mailer, limits, logger });
  const comments = createCommentThreads({
    db,
    entries,
    mentions,
    notifications: deps.notifications,
    documents: deps.documents,
    now,
  });
  // Each change is published after its call resolved, so after its transaction committed.
  const announce =
    <A extends [string, ...unknown[]], R extends { sectionId: string }>(
      kind: 'comments' | 'assignments',
      change: (...args: A) => Promise<R>,
    ) =>
    async (...args: A): Promise<R> => {
      const result = await change(...args);
      deps.events.publish('entryChanged', { entryId: args[0], kind, sectionId: result.sectionId });
      return result;
    };
  return {
    sectionAssignments: assignments.sectionAssignments,
    listAssignments: assignments.listAssignments,
    assignSection: announce('assignments', assignments.assignSection),
    listComments: comments.listComments,
    createThread: announce('comments', comments.createThread),
    reply: announce('comments', comments.reply),
    setResolved: announce('comments', comments.setResolved),
  };
}
