import type { ActivityDto, ActivityKind } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import { actorOf } from '../people/actorOf.ts';

/** Who did something, as the activity feed records it (null for the system). */
export type ActivityActor = { userId: string; organisationId: string } | null;

/**
 * Appends one line to an entry's activity feed. Pass the transaction that
 * makes the change, so the line exists exactly when the change does.
 */
export async function recordActivity(
  executor: Kysely<Database>,
  entry: { entryId: string; at: number; actor: ActivityActor; kind: ActivityKind; detail?: Record<string, unknown> },
): Promise<void> {
  await executor
    .insertInto('activity')
    .values({
      entry_id: entry.entryId,
      at: entry.at,
      actor_user_id: entry.actor?.userId ?? null,
      actor_organisation_id: entry.actor?.organisationId ?? null,
      kind: entry.kind,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}

/** The entry's activity, newest first, with names resolved. */
export async function listActivity(db: Kysely<Database>, entryId: string, limit: number): Promise<ActivityDto[]> {
  const rows = await db
    .selectFrom('activity')
    .leftJoin('users', 'users.id', 'activity.actor_user_id')
    .leftJoin('organisations', 'organisations.id', 'activity.actor_organisation_id')
    .select([
      'activity.id as id',
      'activity.at as at',
      'activity.actor_user_id as userId',
      'activity.actor_organisation_id as organisationId',
      'activity.kind as kind',
      'activity.detail as detail',
      'users.name as userName',
      'organisations.name as organisationName',
    ])
    .where('activity.entry_id', '=', entryId)
    .orderBy('activity.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    at: isoTime(row.at),
    actor: row.userId
      ? actorOf({
          userId: row.userId,
          name: row.userName,
          organisationId: row.organisationId,
          organisationName: row.organisationName,
        })
      : null,
    kind: row.kind as ActivityKind,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  }));
}
