import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { StoredDocument } from './docStore.ts';

/*
 * Reads of an entry's stored document (snapshot and log) and the lock that
 * keeps them whole, used by the Kysely store and by callers that read inside
 * their own transaction (the held document of a submission, the summaries).
 */

export const toBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
export const toBytes = (value: Buffer | Uint8Array) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength);

/**
 * Takes the entry's log lock for the transaction (PostgreSQL's advisory lock, which appends and
 * compactions take too; SQLite has one writer), so what it reads of the stored document is not
 * torn by a compaction that replaces the snapshot and deletes the updates it folded in between two
 * of its statements (C-SCALE-7). Take it before any row lock on the entry: appends take it first too.
 */
export async function lockEntryLog(executor: Kysely<Database>, entryId: string): Promise<void> {
  if (executor.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${entryId}, 0))`.execute(executor);
  }
}

/**
 * The log locks of several entries in ONE statement (a group commit's entries): taken in the
 * order of their ids, so two processes committing overlapping entries queue rather than deadlock,
 * and in one round trip, since every round trip made while holding them makes the other process
 * wait that much longer (issue 16: one statement per entry kept the locks for tens of ms).
 */
export async function lockEntryLogs(executor: Kysely<Database>, entryIds: readonly string[]): Promise<void> {
  if (entryIds.length === 0 || !(executor.getExecutor().adapter instanceof PostgresAdapter)) return;
  const ids = sql.join(entryIds.map((id) => sql`(${id}::text)`));
  // The ordered subquery is scanned in its order (offset 0 keeps the planner from flattening it).
  await sql`select count(pg_advisory_xact_lock(hashtextextended(id, 0)))
    from (select id from (values ${ids}) as v(id) order by id offset 0) as ordered`.execute(executor);
}

/**
 * The entry's last stored update id: the newest logged update, or else what the snapshot covers
 * (a compaction leaves no log row at or below it); 0 for none. One indexed lookup: a grouped max
 * over several entries would walk every logged row of each. Run it inside a transaction that
 * holds the entry's lock to get a figure nothing can overtake.
 */
export async function lastStoredUpdateId(executor: Kysely<Database>, entryId: string): Promise<number> {
  const { rows } = await sql<{ last: number | string | null }>`select ${lastStoredIdOf(entryId)} as last`.execute(
    executor,
  );
  return Number(rows[0]?.last ?? 0);
}

/** The SQL expression behind lastStoredUpdateId, for queries that read it beside something else. */
export function lastStoredIdOf(entryId: string) {
  return sql<number>`coalesce(
    (select max(id) from doc_updates where entry_id = ${entryId}),
    (select last_update_id from doc_snapshots where entry_id = ${entryId}),
    0
  )`;
}

/**
 * The snapshot and the updates after it (up to `upTo`), read through `executor`: inside a
 * transaction that holds the entry's lock, nothing can be stored beside it (C-SCALE-7).
 */
export async function readStoredDocument(
  executor: Kysely<Database>,
  entryId: string,
  upTo?: number,
): Promise<StoredDocument> {
  const snapshot = await executor
    .selectFrom('doc_snapshots')
    .select(['state', 'last_update_id'])
    .where('entry_id', '=', entryId)
    .executeTakeFirst();
  const lastUpdateId = snapshot?.last_update_id ?? 0;
  let query = executor
    .selectFrom('doc_updates')
    .select(['id', 'data'])
    .where('entry_id', '=', entryId)
    .where('id', '>', lastUpdateId);
  if (upTo !== undefined) query = query.where('id', '<=', upTo);
  const rows = await query.orderBy('id').execute();
  return {
    snapshot: snapshot ? toBytes(snapshot.state) : null,
    lastUpdateId,
    updates: rows.map((row) => ({ id: Number(row.id), data: toBytes(row.data) })),
  };
}
