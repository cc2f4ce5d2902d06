import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The on/off settings a lead sets on an entry, each a 0/1 column of `entries`. */
export type EntryFlag = 'viewers_may_suggest' | 'not_for_publication';

/**
 * Sets one of an entry's on/off settings inside the caller's transaction (which holds the entry's
 * lock); false when it already had that value, so the caller records and announces only a change.
 */
export async function setEntryFlag(trx: Kysely<Database>, entryId: string, flag: EntryFlag, on: boolean) {
  const row = await trx.selectFrom('entries').select(flag).where('id', '=', entryId).executeTakeFirstOrThrow();
  if (Boolean(row[flag]) === on) return false;
  await trx
    .updateTable('entries')
    .set({ [flag]: on ? 1 : 0 })
    .where('id', '=', entryId)
    .execute();
  return true;
}
