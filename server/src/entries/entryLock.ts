import type { EntryStatus } from '@jointly/shared';
import type { CategoryTemplate } from '@jointly/templates';
import type { Kysely } from 'kysely';
import { templateOf } from '../categories/categoryResolver.ts';
import type { Database } from '../db/schema.ts';
import { notFound } from '../http/HttpError.ts';

/**
 * The entry's lifecycle as every service sees it: its status and template,
 * and the row lock that orders changes to one entry. Membership changes,
 * sign-off and comment writes all take the same lock, so a submission cannot
 * interleave with an approval, a comment or a last-lead check (S-SUBMIT-5).
 */

/** The entry's title, status and category template, or 404. */
export async function loadEntry(
  executor: Kysely<Database>,
  entryId: string,
): Promise<{ title: string; status: EntryStatus; template: CategoryTemplate }> {
  const row = await executor
    .selectFrom('entries')
    .select(['title', 'category_id', 'status'])
    .where('id', '=', entryId)
    .executeTakeFirst();
  if (!row) throw notFound('Entry');
  return {
    title: row.title,
    status: row.status as EntryStatus,
    template: await templateOf(executor, entryId, row.category_id),
  };
}

/**
 * Locks the entry's row for the rest of the transaction and returns its
 * status (null: no such entry). A no-op UPDATE rather than SELECT … FOR
 * UPDATE, because SQLite has no row locks: the UPDATE takes its write lock
 * there and the row lock on PostgreSQL, so the status read after it cannot
 * change until the transaction ends.
 */
export async function lockEntryRow(trx: Kysely<Database>, entryId: string): Promise<EntryStatus | null> {
  await trx
    .updateTable('entries')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', entryId)
    .execute();
  const row = await trx.selectFrom('entries').select('status').where('id', '=', entryId).executeTakeFirst();
  return (row?.status as EntryStatus | undefined) ?? null;
}

/** Runs `change` in a transaction that first locks the entry's row; it gets the status read under the lock. */
export function withEntryLocked<T>(
  db: Kysely<Database>,
  entryId: string,
  change: (trx: Kysely<Database>, status: EntryStatus | null) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => change(trx, await lockEntryRow(trx, entryId)));
}
