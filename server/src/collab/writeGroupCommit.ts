import { type Insertable, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type AppendOutcome, ClientIdConflictError, type EntryBatch, EntryNotWritableError } from './docStore.ts';
import { chunks, INSERT_CHUNK_ROWS, insertLogRows } from './insertLogRows.ts';
import { batchAcceptedFor, entryAcceptsWrites } from './mayWrite.ts';
import { lastStoredUpdateId, toBuffer } from './storedDocumentReads.ts';

/*
 * The writes of one group commit to the log tables, run inside the transaction that holds every
 * entry's log lock (docStore.kysely.ts). Two ways: step by step (any commit, both dialects), and,
 * on PostgreSQL, one statement for the common commit, since every round trip made while the locks
 * are held delays the other processes' commits of the same entries (issue 16).
 */

/** Writes a group's rows; the outcomes say, batch by batch, what was stored under which ids. */
export type GroupWrite = (
  trx: Transaction<Database>,
  batches: EntryBatch[],
  entryIds: string[],
) => Promise<AppendOutcome[]>;

/** The one-statement write found an entry closed: its transaction rolls back and the commit runs step by step. */
export class OneStatementRefused extends Error {
  constructor() {
    super('an entry of the group commit no longer takes writes');
    this.name = 'OneStatementRefused';
  }
}

/** A group commit's rows for the log tables, as they are inserted. */
export type Rows = {
  updates: { entry_id: string; data: Buffer; created_at: number }[];
  contributions: Insertable<Database['contributions']>[];
};

/** Adds one batch's updates and contributions to `into`, in order. */
export function rowsOf(entryId: string, batch: EntryBatch['batch'], into: Rows): void {
  for (const data of batch.updates) {
    into.updates.push({ entry_id: entryId, data: toBuffer(data), created_at: batch.createdAt });
  }
  for (const c of batch.contributions) {
    into.contributions.push({
      entry_id: entryId,
      user_id: c.userId,
      organisation_id: c.organisationId,
      sections: JSON.stringify(c.sections),
      items: JSON.stringify(c.items),
      created_at: c.createdAt,
    });
  }
}

/** A commit the one statement can take: it claims no client id (those need the owners read first), and fits one INSERT a table. */
export function fitsOneStatement(batches: EntryBatch[]): boolean {
  let updates = 0;
  let contributions = 0;
  for (const { batch } of batches) {
    // An outline-only batch is usually for a submitted entry: the step-by-step write judges it.
    if (batch.clients.length > 0 || batch.outlineOnly) return false;
    updates += batch.updates.length;
    contributions += batch.contributions.length;
  }
  return updates > 0 && updates <= INSERT_CHUNK_ROWS && contributions <= INSERT_CHUNK_ROWS;
}

/**
 * PostgreSQL, a commit that claims no client id: reads each entry's status and last id and
 * inserts the updates and contributions in ONE statement. Its snapshot is taken after the lock
 * statement returned, so the last ids it reads are final (nothing else appends to these entries
 * while the locks are held), and the rows it inserts are not among them. The entries' rows are
 * share-locked as in the step-by-step write (C-SCALE-7). An entry found closed throws
 * OneStatementRefused, which rolls the whole transaction back.
 */
export const writeInOneStatement: GroupWrite = async (trx, batches, entryIds) => {
  const rows: Rows = { updates: [], contributions: [] };
  for (const { entryId, batch } of batches) rowsOf(entryId, batch, rows);
  const updates = trx.insertInto('doc_updates').values(rows.updates).returning(['id', 'entry_id']);
  const contributions =
    rows.contributions.length > 0 ? sql`k as (${trx.insertInto('contributions').values(rows.contributions)}), ` : sql``;
  const ids = sql.join(entryIds.map((id) => sql`(${id}::text)`));
  const { rows: result } = await sql<{
    entry_id: string;
    id: number | string | null;
    status: string | null;
    last: number | string | null;
  }>`with st as (select e.id, e.status from entries e where e.id in (${sql.join(entryIds)}) for share of e),
    lst as (select v.id, coalesce(
      (select max(u.id) from doc_updates u where u.entry_id = v.id),
      (select s.last_update_id from doc_snapshots s where s.entry_id = v.id),
      0) as last from (values ${ids}) as v(id)),
    ${contributions}u as (${updates})
    select u.entry_id, u.id, null::text as status, null::bigint as last from u
    union all
    select lst.id, null, st.status, lst.last from lst left join st on st.id = lst.id`.execute(trx);

  const previous = new Map<string, number>();
  const lastIds = new Map<string, number>();
  for (const row of result) {
    if (row.id !== null) {
      lastIds.set(row.entry_id, Math.max(lastIds.get(row.entry_id) ?? 0, Number(row.id)));
      continue;
    }
    if (row.status !== null && !entryAcceptsWrites(row.status)) throw new OneStatementRefused();
    previous.set(row.entry_id, Number(row.last ?? 0));
  }
  return batches.map(({ entryId }) => ({
    ok: true,
    lastUpdateId: lastIds.get(entryId) ?? 0,
    previousUpdateId: previous.get(entryId) ?? 0,
  }));
};

/**
 * Any commit, both dialects: the owners of the claimed client ids, every entry's status and last
 * id, then the inserts; a batch for a closed entry or claiming another person's client id is left
 * out and reported in its outcome.
 */
export async function writeStepByStep(
  trx: Transaction<Database>,
  dialect: 'sqlite' | 'postgres',
  batches: EntryBatch[],
  entryIds: string[],
): Promise<AppendOutcome[]> {
  // Owners of every claimed client id, then the claims of this commit in order.
  const claimedIds = [...new Set(batches.flatMap((b) => b.batch.clients.map((c) => c.clientId)))];
  const owners = new Map<string, string>();
  const key = (entryId: string, clientId: number) => `${entryId}\u0000${clientId}`;
  for (const part of chunks(claimedIds)) {
    const found = await trx
      .selectFrom('doc_clients')
      .select(['entry_id', 'client_id', 'user_id'])
      .where('entry_id', 'in', entryIds)
      .where('client_id', 'in', part)
      .execute();
    for (const row of found) owners.set(key(row.entry_id, Number(row.client_id)), row.user_id);
  }

  // Each entry's status, and its last update id before this commit (relay gap detection), read
  // under its lock. On PostgreSQL the entry's row is share-locked: a submission holds it
  // exclusively until it commits, so no batch lands after the submitted state was read
  // (C-SCALE-7); one that waited sees the new status and is refused.
  // The outcome is read under the same lock: recording another one takes the entry's row (C-WRITE-5).
  const previous = new Map<string, number>();
  const closed = new Map<string, { status: string; outcome: string | null }>();
  for (const [entryId, { status, outcome, last }] of await entriesForWrite(trx, dialect, entryIds)) {
    if (status !== null && !entryAcceptsWrites(status)) closed.set(entryId, { status, outcome });
    previous.set(entryId, last);
  }

  const outcomes: AppendOutcome[] = [];
  const clientRows: Insertable<Database['doc_clients']>[] = [];
  const rows: Rows = { updates: [], contributions: [] };
  for (const { entryId, batch } of batches) {
    const entry = closed.get(entryId);
    if (entry !== undefined && !batchAcceptedFor(entry.status, entry.outcome, batch.outlineOnly === true)) {
      outcomes.push({ ok: false, error: new EntryNotWritableError(entry.status) });
      continue;
    }
    const foreign = batch.clients.filter((c) => {
      const owner = owners.get(key(entryId, c.clientId));
      return owner !== undefined && owner !== c.userId;
    });
    if (foreign.length > 0) {
      outcomes.push({ ok: false, error: new ClientIdConflictError(foreign.map((c) => c.clientId)) });
      continue;
    }
    for (const c of batch.clients) {
      if (owners.has(key(entryId, c.clientId))) continue;
      owners.set(key(entryId, c.clientId), c.userId);
      clientRows.push({ entry_id: entryId, client_id: c.clientId, user_id: c.userId, created_at: batch.createdAt });
    }
    rowsOf(entryId, batch, rows);
    outcomes.push({ ok: true, lastUpdateId: 0, previousUpdateId: previous.get(entryId) ?? 0 });
  }

  const lastIds = await insertLogRows(trx, dialect, { clients: clientRows, ...rows });
  batches.forEach(({ entryId }, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) outcome.lastUpdateId = lastIds.get(entryId) ?? 0;
  });
  return outcomes;
}

/**
 * Each entry's status and last stored update id, in one statement for all the entries of a
 * group commit (a statement per entry cost a round trip each on PostgreSQL while the entries'
 * locks were held, issue 16). On PostgreSQL the entries' rows are share-locked.
 * Status is null for a document without an entry row (store tests).
 */
async function entriesForWrite(
  trx: Transaction<Database>,
  dialect: 'sqlite' | 'postgres',
  entryIds: string[],
): Promise<Map<string, { status: string | null; outcome: string | null; last: number }>> {
  const found = new Map<string, { status: string | null; outcome: string | null; last: number }>();
  for (const part of chunks(entryIds)) {
    const { rows } = await sql<{ id: string; status: string; outcome: string | null; last: number | string }>`
      select e.id, e.status, (select o.stage from entry_outcomes o where o.entry_id = e.id) as outcome, coalesce(
        (select max(u.id) from doc_updates u where u.entry_id = e.id),
        (select s.last_update_id from doc_snapshots s where s.entry_id = e.id),
        0
      ) as last
      from entries e where e.id in (${sql.join(part)})${dialect === 'postgres' ? sql` for share of e` : sql``}`.execute(
      trx,
    );
    for (const row of rows) {
      found.set(row.id, { status: row.status, outcome: row.outcome ?? null, last: Number(row.last) });
    }
  }
  for (const entryId of entryIds) {
    if (!found.has(entryId)) {
      found.set(entryId, { status: null, outcome: null, last: await lastStoredUpdateId(trx, entryId) });
    }
  }
  return found;
}
