import type { EntryStatus } from '@jointly/shared';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AppendOutcome, CollabStoreHooks, EntryBatch } from './docStore.ts';
import { entryAcceptsWrites } from './mayWrite.ts';
import { fitsOneStatement, type Rows, rowsOf } from './writeGroupCommit.ts';

/*
 * PostgreSQL's common group commit in ONE round trip (issue 16): a single `select` of the stored
 * function jointly_append_group (migration 0023) in autocommit, instead of BEGIN, the lock
 * statement, the write statement and COMMIT. On a busy 2-core machine each round trip made while
 * the entries' locks are held waits for a CPU twice, and the other process's commits of the same
 * entries wait behind it. The statement returns once its transaction committed, so the `saved`
 * acknowledgement and the relay still follow durability.
 */

/** Every entry status, so the list the function checks against follows entryAcceptsWrites. */
const ALL_STATUSES: Record<EntryStatus, true> = { draft: true, submitted: true };
const WRITABLE_STATUSES = (Object.keys(ALL_STATUSES) as EntryStatus[]).filter(entryAcceptsWrites);

/** The SQLSTATE the function raises when an entry of the commit takes no writes. */
const NOT_WRITABLE = 'JW001';

/** An entry of the commit takes no writes: nothing was stored, and the commit is to run step by step. */
export class OneCallRefused extends Error {
  constructor() {
    super('an entry of the group commit takes no writes');
    this.name = 'OneCallRefused';
  }
}

/**
 * Whether the commit can go in one call: the one-statement write could take it (no client id
 * claimed, one INSERT a table), and nothing else has to be written in its transaction: no item
 * created or deleted (exhibit labels and the activity feed read and write beside the log), and
 * nothing for the store's hooks (suggestion authors).
 */
export function fitsOneCall(batches: EntryBatch[], hooks: CollabStoreHooks): boolean {
  if (!fitsOneStatement(batches)) return false;
  if (hooks.inCommit && (hooks.inCommitNeeded?.(batches) ?? true)) return false;
  return batches.every(({ batch }) =>
    batch.contributions.every((c) => c.items.every((item) => item.action === 'changed')),
  );
}

/**
 * Stores the batches in one call. Throws OneCallRefused, having stored nothing, when an entry
 * takes no writes; the caller then runs the commit step by step, which leaves that batch out.
 */
export async function appendInOneCall(db: Kysely<Database>, batches: EntryBatch[]): Promise<AppendOutcome[]> {
  const entryIds = [...new Set(batches.map((b) => b.entryId))];
  const log: Rows = { updates: [], contributions: [] };
  for (const { entryId, batch } of batches) rowsOf(entryId, batch, log);
  const updateEntries = log.updates.map((u) => u.entry_id);
  const updateData = log.updates.map((u) => u.data);
  const updateCreated = log.updates.map((u) => u.created_at);
  let rows: { entry: string; previous_id: number | string; last_id: number | string | null }[];
  try {
    ({ rows } = await sql<{ entry: string; previous_id: number | string; last_id: number | string | null }>`
      select entry, previous_id, last_id from jointly_append_group(
        ${entryIds}::text[], ${WRITABLE_STATUSES}::text[], ${updateEntries}::text[],
        ${updateData}::bytea[], ${updateCreated}::bigint[], ${JSON.stringify(log.contributions)}::json)`.execute(db));
  } catch (err) {
    if ((err as { code?: unknown }).code === NOT_WRITABLE) throw new OneCallRefused();
    throw err;
  }
  const byEntry = new Map(rows.map((row) => [row.entry, row]));
  return batches.map(({ entryId }) => {
    const row = byEntry.get(entryId);
    return { ok: true, lastUpdateId: Number(row?.last_id ?? 0), previousUpdateId: Number(row?.previous_id ?? 0) };
  });
}
