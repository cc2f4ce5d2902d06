import { type CommentAnchorDto, type CommentThreadDto, ErrorCode } from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordActivity } from '../activity/activityLog.ts';
import type { Database } from '../db/schema.ts';
import type { DocumentSource } from '../documents/documentReader.ts';
import type { EntryService } from '../entries/entryService.ts';
import { HttpError, notFound } from '../http/HttpError.ts';
import { generateId } from '../ids.ts';
import { anchorInSection } from './anchorInSection.ts';
import { type CommentNotifier, notifyOfComment } from './commentNotifications.ts';
import { requireMembers } from './entryMembers.ts';
import { loadThreads } from './loadThreads.ts';
import type { createMentionEmails } from './mentionEmails.ts';
import { entryRow, sectionOf, sectionTitled, whileOpen } from './reviewEntry.ts';

export type CommentThreadsDeps = {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise' | 'activityActor'>;
  mentions: ReturnType<typeof createMentionEmails>;
  /** In-app notifications of mentions, comments and replies (issue 14 item 5), written in the comment's transaction. */
  notifications: CommentNotifier;
  /** The entry's document (live room or store), to check an anchor's positions against. */
  documents: DocumentSource;
  now: () => number;
};

type NewComment = { body: string; mentions?: string[] | undefined };
type NewThread = NewComment & { anchor?: CommentAnchorDto | undefined };

/**
 * Comment threads on sections (PRODUCT §3 journey 6, §4): leads and
 * contributors start, answer, resolve and reopen them; every member reads.
 * Writes go through `whileOpen`, so they are frozen with the content once
 * the entry is submitted.
 */
export function createCommentThreads(deps: CommentThreadsDeps) {
  const { db, entries, mentions, documents, now } = deps;

  /**
   * 400 validation_failed unless both positions of `anchor` lie in the section of the entry's
   * document as it is now (issue 14 item 2): never stored pointing at another section, the
   * items, or content the server never saw.
   */
  async function checkAnchor(entryId: string, sectionId: string, anchor: CommentAnchorDto) {
    const outside = await documents.readDocument(entryId, (doc) =>
      (['start', 'end'] as const).filter((end) => !anchorInSection(doc, sectionId, anchor[end])),
    );
    if (outside.length === 0) return;
    const message = 'The selected text is not in this section. Select the text to comment on again.';
    throw new HttpError(
      400,
      ErrorCode.validation,
      `anchor.${outside[0]}: ${message}`,
      outside.map((end) => ({ path: `anchor.${end}`, message })),
    );
  }

  /** The thread `commentId` of the entry (a reply's id is not a thread), or 404. */
  async function threadRow(entryId: string, commentId: string, executor: Kysely<Database>) {
    const row = await executor
      .selectFrom('comments')
      .select(['id', 'section_id', 'resolved_at'])
      .where('entry_id', '=', entryId)
      .where('id', '=', commentId)
      .where('thread_id', 'is', null)
      .executeTakeFirst();
    if (!row) throw notFound('Comment thread');
    return row;
  }

  async function listComments(entryId: string, sectionId: string, userId: string): Promise<CommentThreadDto[]> {
    await entries.authorise(entryId, userId, 'read');
    const { template } = await entryRow(db, entryId);
    sectionOf(template, sectionId);
    return loadThreads(db, entryId, { sectionId });
  }

  /** Writes one comment (a thread or a reply) after the checks, with its activity line. */
  async function insertComment(
    trx: Kysely<Database>,
    entryId: string,
    userId: string,
    target: { sectionId: string; sectionTitle: string; threadId: string | null },
    input: NewComment,
  ) {
    const mentionIds = [...new Set(input.mentions ?? [])];
    const mentioned = await requireMembers(trx, entryId, 'mentions', input.mentions ?? []);
    const actor = await entries.activityActor(entryId, userId, trx);
    if (!actor) throw notFound('Entry');
    const id = generateId();
    const at = now();
    await trx
      .insertInto('comments')
      .values({
        id,
        entry_id: entryId,
        section_id: target.sectionId,
        thread_id: target.threadId,
        author_id: userId,
        organisation_id: actor.organisationId,
        body: input.body,
        mentions: JSON.stringify(mentionIds),
        created_at: at,
        resolved_at: null,
        resolved_by: null,
        resolved_by_organisation_id: null,
      })
      .execute();
    await recordActivity(trx, {
      entryId,
      at,
      actor,
      kind: 'comment_added',
      detail: {
        sectionId: target.sectionId,
        sectionTitle: target.sectionTitle,
        threadId: target.threadId ?? id,
        commentId: id,
        reply: target.threadId !== null,
      },
    });
    const notified = await notifyOfComment(trx, deps.notifications, {
      entryId,
      sectionId: target.sectionId,
      threadId: target.threadId,
      commentId: id,
      authorId: userId,
      mentioned: mentionIds,
    });
    return { id, mentioned, notified };
  }

  /**
   * Starts a thread on a section (leads and contributors), on the words `input.anchor` points at
   * when it has one. `origin` builds the link in mention emails.
   */
  async function createThread(
    entryId: string,
    sectionId: string,
    userId: string,
    input: NewThread,
    origin: string,
  ): Promise<CommentThreadDto> {
    await entries.authorise(entryId, userId, 'edit');
    const { title, template } = await entryRow(db, entryId);
    const section = sectionOf(template, sectionId);
    const { anchor } = input;
    if (anchor) await checkAnchor(entryId, sectionId, anchor);
    const { id, mentioned, notified } = await whileOpen(db, entryId, async (trx) => {
      const written = await insertComment(
        trx,
        entryId,
        userId,
        { sectionId, sectionTitle: section.title, threadId: null },
        input,
      );
      if (anchor) {
        await trx
          .insertInto('comment_anchors')
          .values({
            comment_id: written.id,
            entry_id: entryId,
            start_position: anchor.start,
            end_position: anchor.end,
            quote: anchor.quote,
          })
          .execute();
      }
      return written;
    });
    deps.notifications.announce(notified);
    mentions.notifyMentions(mentioned, { entryId, entryTitle: title, section, authorId: userId }, input.body, origin);
    const [thread] = await loadThreads(db, entryId, { threadId: id });
    return thread!;
  }

  /** Adds a reply to a thread (leads and contributors); returns the whole thread. */
  async function reply(
    entryId: string,
    threadId: string,
    userId: string,
    input: NewComment,
    origin: string,
  ): Promise<CommentThreadDto> {
    await entries.authorise(entryId, userId, 'edit');
    const { title, template } = await entryRow(db, entryId);
    const { section, mentioned, notified } = await whileOpen(db, entryId, async (trx) => {
      const thread = await threadRow(entryId, threadId, trx);
      const section = sectionTitled(template, thread.section_id);
      const target = { sectionId: section.id, sectionTitle: section.title, threadId };
      const written = await insertComment(trx, entryId, userId, target, input);
      return { section, mentioned: written.mentioned, notified: written.notified };
    });
    deps.notifications.announce(notified);
    mentions.notifyMentions(mentioned, { entryId, entryTitle: title, section, authorId: userId }, input.body, origin);
    const [thread] = await loadThreads(db, entryId, { threadId });
    return thread!;
  }

  /** Resolves or reopens a thread (leads and contributors). Setting the state it has is a no-op. */
  async function setResolved(
    entryId: string,
    threadId: string,
    userId: string,
    resolved: boolean,
  ): Promise<CommentThreadDto> {
    await entries.authorise(entryId, userId, 'edit');
    const { template } = await entryRow(db, entryId);
    await whileOpen(db, entryId, async (trx) => {
      const thread = await threadRow(entryId, threadId, trx);
      if ((thread.resolved_at !== null) === resolved) return;
      const actor = await entries.activityActor(entryId, userId, trx);
      const at = now();
      await trx
        .updateTable('comments')
        .set(
          resolved
            ? { resolved_at: at, resolved_by: userId, resolved_by_organisation_id: actor?.organisationId ?? null }
            : { resolved_at: null, resolved_by: null, resolved_by_organisation_id: null },
        )
        .where('id', '=', threadId)
        .execute();
      await recordActivity(trx, {
        entryId,
        at,
        actor,
        kind: resolved ? 'comment_resolved' : 'comment_unresolved',
        detail: {
          sectionId: thread.section_id,
          sectionTitle: sectionTitled(template, thread.section_id).title,
          threadId,
        },
      });
    });
    const [thread] = await loadThreads(db, entryId, { threadId });
    return thread!;
  }

  return { listComments, createThread, reply, setResolved };
}
