import type { CommentReplyDto, CommentThreadDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import { actorOf } from '../people/actorOf.ts';
import { membersAmong, withoutEmail } from './entryMembers.ts';

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
  anchorStart: string | null;
  anchorEnd: string | null;
  anchorQuote: string | null;
};

/**
 * Threads of a section, or the one thread `threadId`, with their replies, oldest first.
 * An author or resolver whose account is gone shows as 'Former user'; a mention is listed
 * only while that person is a member of the entry.
 */
export async function loadThreads(
  db: Kysely<Database>,
  entryId: string,
  filter: { sectionId: string } | { threadId: string },
): Promise<CommentThreadDto[]> {
  let query = db
    .selectFrom('comments')
    .leftJoin('users as author', 'author.id', 'comments.author_id')
    .leftJoin('organisations as author_org', 'author_org.id', 'comments.organisation_id')
    .leftJoin('users as resolver', 'resolver.id', 'comments.resolved_by')
    .leftJoin('organisations as resolver_org', 'resolver_org.id', 'comments.resolved_by_organisation_id')
    .leftJoin('comment_anchors as anchor', 'anchor.comment_id', 'comments.id')
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
      'anchor.start_position as anchorStart',
      'anchor.end_position as anchorEnd',
      'anchor.quote as anchorQuote',
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
  const mentioned = await membersAmong(db, entryId, mentionIds);
  const author = (row: CommentRow) =>
    actorOf({
      userId: row.authorId,
      name: row.authorName,
      organisationId: row.organisationId,
      organisationName: row.organisationName,
    });
  const reply = (row: CommentRow): CommentReplyDto => ({
    id: row.id,
    author: author(row),
    body: row.body,
    mentions: (JSON.parse(row.mentions) as string[]).flatMap((id) => {
      const member = mentioned.get(id);
      return member ? [withoutEmail(member)] : [];
    }),
    createdAt: isoTime(row.createdAt),
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
          ? actorOf({
              userId: row.resolvedBy,
              name: row.resolverName,
              organisationId: row.resolverOrganisationId,
              organisationName: row.resolverOrganisationName,
            })
          : null,
      resolvedAt: row.resolvedAt !== null ? isoTime(row.resolvedAt) : null,
      replies: [],
      // Returned as stored, even once its text is deleted: the page decides it shows "text removed".
      ...(row.anchorStart !== null && row.anchorEnd !== null && row.anchorQuote !== null
        ? { anchor: { start: row.anchorStart, end: row.anchorEnd, quote: row.anchorQuote } }
        : {}),
    });
  }
  for (const row of rows) {
    if (row.threadId !== null) threads.get(row.threadId)?.replies.push(reply(row));
  }
  return [...threads.values()];
}
