import { finalistStageOpens } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Whether the entry's finalist stage is open now (its recorded outcome, C-WRITE-5), read through
 * `executor`: the database, or a transaction that holds the entry's row.
 */
export async function finalistStageOpen(executor: Kysely<Database>, entryId: string): Promise<boolean> {
  const row = await executor
    .selectFrom('entry_outcomes')
    .select('stage')
    .where('entry_id', '=', entryId)
    .executeTakeFirst();
  return finalistStageOpens(row?.stage);
}
