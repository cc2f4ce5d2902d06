import {
  type ActorDto,
  type AssignmentState,
  type CommentReplyDto,
  type CommentThreadDto,
  type EntryStatus,
  ErrorCode,
  type SavedSectionAssignmentDto,
  type SectionAssignmentDto,
} from '@jointly/shared';
import { type CategoryTemplate, findCategory } from '@jointly/templates';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { EntryService } from '../entries/entryService.ts';
import { conflict, HttpError, notFound } from '../http/httpError.ts';
import { generateId } from '../ids.ts';
import type { ActionLimiter } from '../limits/actionLimiter.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import { recordActivity } from '../activity/activityLog.ts';
import { assignmentWarnings, requireWriters } from './assignmentRules.ts';

export type ReviewService = ReturnType<typeof createReviewService>;

export type ReviewDeps = {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise' | 'activityActor'>;
  /** Null without SMTP_URL: mentions are then only seen in the entry. */
  mailer: Mailer | null;
  /** Caps the mention emails a sender, an organisation and a recipient see (issue 10 finding 9). */
  limits: Pick<ActionLimiter, 'mentionEmailAllowed'>;
  logger: Pick<Logger, 'warn'>;
  now?: () => number;
};

const iso = (ms: number) => new Date(Number(ms)).toISOString();

/** The UTC calendar date (YYYY-MM-DD) of an instant. */
export const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** 'overdue' before today (UTC), 'due' from today on, 'none' without a due date or assignees. */
export function assignmentState(dueDate: string | null, assigneeCount: number, today: string): AssignmentState {
  if (dueDate === null || assigneeCount === 0) return 'none';
  return dueDate < today ? 'overdue' : 'due';
}

/** A 400 naming the field at fault, in the same envelope as schema validation. */
const invalid = (path: string, message: string) =>
  new HttpError(400, ErrorCode.validation, message, [{ path, message }]);

/**
 * Review around sign-off (PRODUCT §3 journey 6, §4): section assignments
 * with due dates, and comment threads on sections with replies, resolution
 * and @mentions. Leads assign; leads and contributors comment; every member
 * reads. Comments are frozen with the content once the entry is submitted.
 */
export function createReviewService(deps: ReviewDeps) {
  const { db, entries, mailer, limits, logger } = deps;
  const now = deps.now ?? Date.now;

  async function entryRow(entryId: string) {
    const row = await db
      .selectFrom('entries')
      .select(['id', 'title', 'category_id', 'status'])
      .where('id', '=', entryId)
      .executeTakeFirst();
    if (!row) throw notFound('Entry');
    const template = findCategory(row.category_id);
    if (!template) throw new Error(`entry ${entryId} has unknown category ${row.category_id}`);
    return { title: row.title, status: row.status as EntryStatus, template };
  }

  /** The template section, or 400: a section id is part of the request, not a resource of its own. */
  function sectionOf(template: CategoryTemplate, sectionId: string) {
    const section = template.sections.find((s) => s.id === sectionId);
    if (!section) throw invalid('sectionId', 'This entry has no section with that id.');
    return section;
  }

  /**
   * Runs a comment write in a transaction that locks the entry's row (as
   * sign-off does), so it cannot interleave with a submit: a submitted
   * entry's comments are as locked as its content (409 entry_submitted).
   */
  function whileOpen<T>(entryId: string, write: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      await trx
        .updateTable('entries')
        .set((eb) => ({ status: eb.ref('status') }))
        .where('id', '=', entryId)
        .execute();
      const row = await trx.selectFrom('entries').select('status').where('id', '=', entryId).executeTakeFirstOrThrow();
      if (row.status === 'submitted') {
        throw conflict(
          ErrorCode.entrySubmitted,
          'This entry has been submitted, so its comments are closed. A lead must reopen it first.',
        );
      }
      return write(trx);
    });
  }

  /** Current members among `userIds`, as actors (with the organisation they joined with). */
  async function membersAmong(
    entryId: string,
    userIds: readonly string[],
    executor: Kysely<Database> = db,
  ): Promise<Map<string, ActorDto & { email: string }>> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return new Map();
    const rows = await executor
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
      .select([
        'users.id as userId',
        'users.name as name',
        'users.email as email',
        'organisations.id as organisationId',
        'organisations.name as organisationName',
      ])
      .where('memberships.entry_id', '=', entryId)
      .where('memberships.user_id', 'in', ids)
      .execute();
    return new Map(
      rows.map((row) => [
        row.userId,
        {
          userId: row.userId,
          name: row.name,
          email: row.email,
          organisation: { id: row.organisationId, name: row.organisationName },
        },
      ]),
    );
  }

  /** 400 unless every id is a current member; the issue names the first that is not. */
  async function requireMembers(entryId: string, field: string, userIds: string[], executor: Kysely<Database>) {
    const members = await membersAmong(entryId, userIds, executor);
    const stranger = userIds.findIndex((id) => !members.has(id));
    if (stranger >= 0) throw invalid(`${field}.${stranger}`, 'Only members of this entry can be named here.');
    return members;
  }

  const actorOf = (member: ActorDto & { email?: string }): ActorDto => ({
    userId: member.userId,
    name: member.name,
    organisation: member.organisation,
  });

  /** A stored comment's section (its id as the title should the template ever drop it). */
  const sectionTitled = (template: CategoryTemplate, sectionId: string) =>
    template.sections.find((s) => s.id === sectionId) ?? { id: sectionId, title: sectionId };

  // ---------------------------------------------------------------------------
  // Assignments
  // ---------------------------------------------------------------------------

  /** The assignment of each of `sectionIds` (unassigned ones included), in that order. No access check. */
  async function sectionAssignments(entryId: string, sectionIds: readonly string[]): Promise<SectionAssignmentDto[]> {
    const [rows, assignees] = await Promise.all([
      db.selectFrom('section_assignments').select(['section_id', 'due_date']).where('entry_id', '=', entryId).execute(),
      db
        .selectFrom('section_assignees')
        .innerJoin('memberships', (join) =>
          join
            .onRef('memberships.entry_id', '=', 'section_assignees.entry_id')
            .onRef('memberships.user_id', '=', 'section_assignees.user_id'),
        )
        .innerJoin('users', 'users.id', 'section_assignees.user_id')
        .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
        .select([
          'section_assignees.section_id as sectionId',
          'users.id as userId',
          'users.name as name',
          'organisations.id as organisationId',
          'organisations.name as organisationName',
        ])
        .where('section_assignees.entry_id', '=', entryId)
        .orderBy('memberships.created_at')
        .execute(),
    ]);
    const dueDates = new Map(rows.map((row) => [row.section_id, row.due_date]));
    const bySection = new Map<string, ActorDto[]>();
    for (const row of assignees) {
      const list = bySection.get(row.sectionId) ?? [];
      list.push({
        userId: row.userId,
        name: row.name,
        organisation: { id: row.organisationId, name: row.organisationName },
      });
      bySection.set(row.sectionId, list);
    }
    const today = utcDate(now());
    return sectionIds.map((sectionId) => {
      const people = bySection.get(sectionId) ?? [];
      const dueDate = dueDates.get(sectionId) ?? null;
      return { sectionId, assignees: people, dueDate, state: assignmentState(dueDate, people.length, today) };
    });
  }

  async function listAssignments(entryId: string, userId: string): Promise<SectionAssignmentDto[]> {
    await entries.authorise(entryId, userId, 'read');
    const { template } = await entryRow(entryId);
    return sectionAssignments(
      entryId,
      template.sections.map((s) => s.id),
    );
  }

  /**
   * Replaces the section's assignment; an empty list clears it. Leads only; assignees must be
   * members who can write (assignmentRules.ts); a past due date is kept, with a warning.
   */
  async function assignSection(
    entryId: string,
    sectionId: string,
    userId: string,
    input: { assigneeUserIds: string[]; dueDate: string | null },
  ): Promise<SavedSectionAssignmentDto> {
    await entries.authorise(entryId, userId, 'assignSections');
    const { template } = await entryRow(entryId);
    const section = sectionOf(template, sectionId);
    const assigneeIds = [...new Set(input.assigneeUserIds)];
    const at = now();
    await db.transaction().execute(async (trx) => {
      const members = await requireMembers(entryId, 'assigneeUserIds', input.assigneeUserIds, trx);
      await requireWriters(trx, entryId, 'assigneeUserIds', input.assigneeUserIds);
      const actor = await entries.activityActor(entryId, userId, trx);
      await trx
        .deleteFrom('section_assignees')
        .where('entry_id', '=', entryId)
        .where('section_id', '=', sectionId)
        .execute();
      await trx
        .deleteFrom('section_assignments')
        .where('entry_id', '=', entryId)
        .where('section_id', '=', sectionId)
        .execute();
      if (assigneeIds.length > 0) {
        await trx
          .insertInto('section_assignments')
          .values({
            entry_id: entryId,
            section_id: sectionId,
            due_date: input.dueDate,
            assigned_by: userId,
            assigned_at: at,
          })
          .execute();
        await trx
          .insertInto('section_assignees')
          .values(assigneeIds.map((id) => ({ entry_id: entryId, section_id: sectionId, user_id: id })))
          .execute();
      }
      await recordActivity(trx, {
        entryId,
        at,
        actor,
        kind: 'section_assigned',
        detail: {
          sectionId,
          sectionTitle: section.title,
          assignees: assigneeIds.map((id) => ({ userId: id, name: members.get(id)?.name ?? 'Former user' })),
          dueDate: assigneeIds.length > 0 ? input.dueDate : null,
        },
      });
    });
    const [assignment] = await sectionAssignments(entryId, [sectionId]);
    return { ...assignment!, warnings: assignmentWarnings(input, utcDate(at)) };
  }

  // ---------------------------------------------------------------------------
  // Comments
  // ---------------------------------------------------------------------------

  type CommentRow = {
    id: string;
    sectionId: string;
    threadId: string | null;
    authorId: string;
    authorName: string | null;
    organisationId: string;
    organisationName: string | null;
    body: string;
    mentions: string;
    createdAt: number;
    resolvedAt: number | null;
    resolvedBy: string | null;
    resolverName: string | null;
    resolverOrganisationId: string | null;
    resolverOrganisationName: string | null;
  };

  /** Threads of a section, or the one thread `threadId`, with their replies, oldest first. */
  async function loadThreads(
    entryId: string,
    filter: { sectionId: string } | { threadId: string },
  ): Promise<CommentThreadDto[]> {
    let query = db
      .selectFrom('comments')
      .leftJoin('users as author', 'author.id', 'comments.author_id')
      .leftJoin('organisations as author_org', 'author_org.id', 'comments.organisation_id')
      .leftJoin('users as resolver', 'resolver.id', 'comments.resolved_by')
      .leftJoin('organisations as resolver_org', 'resolver_org.id', 'comments.resolved_by_organisation_id')
      .select([
        'comments.id as id',
        'comments.section_id as sectionId',
        'comments.thread_id as threadId',
        'comments.author_id as authorId',
        'author.name as authorName',
        'comments.organisation_id as organisationId',
        'author_org.name as organisationName',
        'comments.body as body',
        'comments.mentions as mentions',
        'comments.created_at as createdAt',
        'comments.resolved_at as resolvedAt',
        'comments.resolved_by as resolvedBy',
        'resolver.name as resolverName',
        'comments.resolved_by_organisation_id as resolverOrganisationId',
        'resolver_org.name as resolverOrganisationName',
      ])
      .where('comments.entry_id', '=', entryId);
    query =
      'sectionId' in filter
        ? query.where('comments.section_id', '=', filter.sectionId)
        : query.where((eb) =>
            eb.or([eb('comments.id', '=', filter.threadId), eb('comments.thread_id', '=', filter.threadId)]),
          );
    const rows: CommentRow[] = await query.orderBy('comments.created_at').orderBy('comments.id').execute();

    const mentionIds = rows.flatMap((row) => JSON.parse(row.mentions) as string[]);
    const mentioned = await membersAmong(entryId, mentionIds);
    const author = (row: CommentRow): ActorDto => ({
      userId: row.authorId,
      name: row.authorName ?? 'Former user',
      organisation: { id: row.organisationId, name: row.organisationName ?? 'Unknown organisation' },
    });
    const reply = (row: CommentRow): CommentReplyDto => ({
      id: row.id,
      author: author(row),
      body: row.body,
      mentions: (JSON.parse(row.mentions) as string[]).flatMap((id) => {
        const member = mentioned.get(id);
        return member ? [actorOf(member)] : [];
      }),
      createdAt: iso(row.createdAt),
    });

    const threads = new Map<string, CommentThreadDto>();
    for (const row of rows) {
      if (row.threadId !== null) continue;
      threads.set(row.id, {
        ...reply(row),
        sectionId: row.sectionId,
        resolved: row.resolvedAt !== null,
        resolvedBy:
          row.resolvedAt !== null && row.resolvedBy
            ? {
                userId: row.resolvedBy,
                name: row.resolverName ?? 'Former user',
                organisation: {
                  id: row.resolverOrganisationId ?? '',
                  name: row.resolverOrganisationName ?? 'Unknown organisation',
                },
              }
            : null,
        resolvedAt: row.resolvedAt !== null ? iso(row.resolvedAt) : null,
        replies: [],
      });
    }
    for (const row of rows) {
      if (row.threadId !== null) threads.get(row.threadId)?.replies.push(reply(row));
    }
    return [...threads.values()];
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
    const { template } = await entryRow(entryId);
    sectionOf(template, sectionId);
    return loadThreads(entryId, { sectionId });
  }

  type NewComment = { body: string; mentions?: string[] | undefined };

  /** Writes one comment (a thread or a reply) after the checks, with its activity line. */
  async function insertComment(
    trx: Kysely<Database>,
    entryId: string,
    userId: string,
    target: { sectionId: string; sectionTitle: string; threadId: string | null },
    input: NewComment,
  ) {
    const mentionIds = [...new Set(input.mentions ?? [])];
    const mentioned = await requireMembers(entryId, 'mentions', input.mentions ?? [], trx);
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
    return { id, mentioned };
  }

  /**
   * Emails each mentioned member but the author, once the comment is stored.
   * Not awaited by the request: a slow or failing mail server never delays or
   * fails a comment (the mailer logs and swallows its errors).
   */
  function notifyMentions(
    mentioned: Map<string, ActorDto & { email: string }>,
    context: { entryId: string; entryTitle: string; section: { id: string; title: string }; authorId: string },
    body: string,
    origin: string,
  ): void {
    const recipients = [...mentioned.values()].filter((member) => member.userId !== context.authorId);
    if (!mailer || recipients.length === 0) return;
    const url = `${origin}/entries/${context.entryId}/sections/${context.section.id}`;
    const send = async () => {
      const author = await db
        .selectFrom('users')
        .select(['name', 'organisation_id'])
        .where('id', '=', context.authorId)
        .executeTakeFirstOrThrow();
      const sender = { userId: context.authorId, organisationId: author.organisation_id };
      const allowed = [];
      for (const member of recipients) {
        // Over a limit the mention still shows in the entry; only its email is left out.
        if (await limits.mentionEmailAllowed(sender, member.email)) allowed.push(member);
      }
      if (allowed.length < recipients.length) {
        logger.warn('mention emails over the rate limit not sent', {
          entryId: context.entryId,
          skipped: recipients.length - allowed.length,
        });
      }
      await Promise.all(
        allowed.map((member) =>
          mailer.sendMention({
            to: member.email,
            author: author.name,
            entryTitle: context.entryTitle,
            sectionTitle: context.section.title,
            body,
            url,
          }),
        ),
      );
    };
    // Only the lookups can reject here (the mailer never throws); the comment stands regardless.
    send().catch((err) => logger.warn('mention emails not sent', { entryId: context.entryId, err: String(err) }));
  }

  /** Starts a thread on a section (leads and contributors). `origin` builds the link in mention emails. */
  async function createThread(
    entryId: string,
    sectionId: string,
    userId: string,
    input: NewComment,
    origin: string,
  ): Promise<CommentThreadDto> {
    await entries.authorise(entryId, userId, 'edit');
    const { title, template } = await entryRow(entryId);
    const section = sectionOf(template, sectionId);
    const { id, mentioned } = await whileOpen(entryId, (trx) =>
      insertComment(trx, entryId, userId, { sectionId, sectionTitle: section.title, threadId: null }, input),
    );
    notifyMentions(mentioned, { entryId, entryTitle: title, section, authorId: userId }, input.body, origin);
    const [thread] = await loadThreads(entryId, { threadId: id });
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
    const { title, template } = await entryRow(entryId);
    const { section, mentioned } = await whileOpen(entryId, async (trx) => {
      const thread = await threadRow(entryId, threadId, trx);
      const section = sectionTitled(template, thread.section_id);
      const target = { sectionId: section.id, sectionTitle: section.title, threadId };
      return { section, mentioned: (await insertComment(trx, entryId, userId, target, input)).mentioned };
    });
    notifyMentions(mentioned, { entryId, entryTitle: title, section, authorId: userId }, input.body, origin);
    const [thread] = await loadThreads(entryId, { threadId });
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
    const { template } = await entryRow(entryId);
    await whileOpen(entryId, async (trx) => {
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
    const [thread] = await loadThreads(entryId, { threadId });
    return thread!;
  }

  return {
    sectionAssignments,
    listAssignments,
    assignSection,
    listComments,
    createThread,
    reply,
    setResolved,
  };
}
