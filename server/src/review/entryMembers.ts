import type { ActorDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { invalid } from './reviewEntry.ts';

/** A current member as an actor, with the address their mention emails go to. */
export type MemberActor = ActorDto & { email: string };

/** Current members among `userIds`, as actors (with the organisation they joined with). */
export async function membersAmong(
  executor: Kysely<Database>,
  entryId: string,
  userIds: readonly string[],
): Promise<Map<string, MemberActor>> {
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
export async function requireMembers(
  executor: Kysely<Database>,
  entryId: string,
  field: string,
  userIds: string[],
): Promise<Map<string, MemberActor>> {
  const members = await membersAmong(executor, entryId, userIds);
  const stranger = userIds.findIndex((id) => !members.has(id));
  if (stranger >= 0) throw invalid(`${field}.${stranger}`, 'Only members of this entry can be named here.');
  return members;
}

/** The actor without the email, which never leaves the server in a DTO. */
export const withoutEmail = (member: ActorDto & { email?: string }): ActorDto => ({
  userId: member.userId,
  name: member.name,
  organisation: member.organisation,
});
