import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Whether this person may manage this organisation now: a live (not deleted), confirmed account
 * of that organisation whose organisation role is admin. Read afresh on every request, so a
 * demoted, moved or deleted admin loses it at once. Works inside a transaction too.
 */
export async function isOrganisationAdmin(
  db: Kysely<Database>,
  userId: string,
  organisationId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('organisation_role', '=', 'admin')
    .where('organisation_status', '=', 'confirmed')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}
