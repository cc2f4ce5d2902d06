import {
  type NotificationDto,
  type NotificationKind,
  type NotificationListDto,
  SYSTEM_ACTOR_ID,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import { templatesOf } from '../categories/categoryResolver.ts';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import { actorOf } from '../people/actorOf.ts';

/** Most notifications one list answers: the unread first would hide nothing, the count says how many. */
export const NOTIFICATION_LIST_LIMIT = 50;

/** Where a notification takes its reader: the section's page, at the comment when there is one. */
export function notificationHref(row: {
  entryId: string;
  sectionId: string | null;
  kind: string;
  ref: string | null;
}): string {
  if (!row.sectionId) return `/entries/${row.entryId}`;
  const section = `/entries/${row.entryId}/sections/${row.sectionId}`;
  const aboutComment = row.kind === 'mention' || row.kind === 'comment' || row.kind === 'reply';
  return aboutComment && row.ref ? `${section}#comment-${row.ref}` : section;
}

/**
 * The notifications a person may read: their own rows, of entries they are
 * still a member of (a removed member keeps no window on the entry).
 */
function ownRows(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('notifications')
    .innerJoin('memberships', (join) =>
      join
        .onRef('memberships.entry_id', '=', 'notifications.entry_id')
        .onRef('memberships.user_id', '=', 'notifications.user_id'),
    )
    .where('notifications.user_id', '=', userId);
}

export async function unreadCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await ownRows(db, userId)
    .where('notifications.read_at', 'is', null)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Rows to DTOs: entries, sections (titles from the template) and actors named now. */
export async function listNotifications(db: Kysely<Database>, userId: string): Promise<NotificationListDto> {
  const rows = await ownRows(db, userId)
    .innerJoin('entries', 'entries.id', 'notifications.entry_id')
    .leftJoin('users', 'users.id', 'notifications.actor_id')
    .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'notifications.id as id',
      'notifications.kind as kind',
      'notifications.entry_id as entryId',
      'notifications.section_id as sectionId',
      'notifications.ref as ref',
      'notifications.created_at as createdAt',
      'notifications.read_at as readAt',
      'notifications.actor_id as actorId',
      'entries.title as entryTitle',
      'entries.category_id as categoryId',
      'users.name as actorName',
      'users.organisation_id as actorOrganisationId',
      'organisations.name as actorOrganisationName',
    ])
    .orderBy('notifications.created_at', 'desc')
    .orderBy('notifications.id')
    .limit(NOTIFICATION_LIST_LIMIT)
    .execute();
  const templateOf = await templatesOf(
    db,
    rows.map((row) => row.categoryId),
  );
  const notifications = rows.map((row): NotificationDto => {
    const template = templateOf(row.entryId, row.categoryId);
    const section = row.sectionId
      ? { id: row.sectionId, title: template.sections.find((s) => s.id === row.sectionId)?.title ?? row.sectionId }
      : null;
    return {
      id: row.id,
      kind: row.kind as NotificationKind,
      entry: { id: row.entryId, title: row.entryTitle },
      section,
      // Reminders (deadlines/) are Jointly's own: no person sent them.
      actor:
        row.actorId === SYSTEM_ACTOR_ID
          ? { userId: SYSTEM_ACTOR_ID, name: 'Jointly', organisation: { id: '', name: 'Jointly' } }
          : actorOf({
              userId: row.actorId,
              name: row.actorName,
              organisationId: row.actorOrganisationId,
              organisationName: row.actorOrganisationName,
            }),
      ref: row.ref,
      href: notificationHref(row),
      createdAt: isoTime(row.createdAt),
      readAt: row.readAt === null ? null : isoTime(row.readAt),
    };
  });
  return { unread: await unreadCount(db, userId), notifications };
}

/** Marks the person's own notifications read (ids of others are ignored); returns how many changed. */
export async function markRead(
  db: Kysely<Database>,
  userId: string,
  which: { ids: string[] } | { all: true },
  at: number,
): Promise<number> {
  let query = db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if ('ids' in which) query = query.where('id', 'in', which.ids);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
