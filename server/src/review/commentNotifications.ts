import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { NotificationService } from '../notifications/notificationService.ts';
import type { Notified } from '../notifications/notifyMembers.ts';

export type CommentNotifier = Pick<NotificationService, 'notify' | 'announce'>;

/**
 * Who a new comment notifies (issue 14 item 5), in its transaction: the
 * members it @-mentions (`mention`); for a new thread, the people the section
 * is assigned to (`comment`); for a reply, everyone who started or answered the
 * thread (`reply`). One notification a person: a mention wins over the others.
 * The author and non-members are left out by `notify`.
 */
export async function notifyOfComment(
  trx: Kysely<Database>,
  notifications: CommentNotifier,
  c: {
    entryId: string;
    sectionId: string;
    threadId: string | null;
    commentId: string;
    authorId: string;
    mentioned: readonly string[];
  },
): Promise<Notified> {
  const base = { entryId: c.entryId, sectionId: c.sectionId, actorId: c.authorId, ref: c.commentId };
  const mentioned = await notifications.notify(trx, { ...base, kind: 'mention', recipients: c.mentioned });
  const others =
    c.threadId === null
      ? await trx
          .selectFrom('section_assignees')
          .select('user_id')
          .where('entry_id', '=', c.entryId)
          .where('section_id', '=', c.sectionId)
          .execute()
      : await trx
          .selectFrom('comments')
          .select('author_id as user_id')
          .distinct()
          .where('entry_id', '=', c.entryId)
          .where((eb) => eb.or([eb('id', '=', c.threadId), eb('thread_id', '=', c.threadId)]))
          .execute();
  const already = new Set(c.mentioned);
  const rest = await notifications.notify(trx, {
    ...base,
    kind: c.threadId === null ? 'comment' : 'reply',
    recipients: others.map((r) => r.user_id).filter((id) => !already.has(id)),
  });
  return { userIds: [...mentioned.userIds, ...rest.userIds] };
}
