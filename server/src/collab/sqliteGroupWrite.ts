import type BetterSqlite3 from 'better-sqlite3';
import type { WriteWatch } from '../db/sqliteForKysely.ts';
import { type AppendOutcome, ClientIdConflictError, EntryNotWritableError } from './docStore.ts';
import { batchAcceptedFor } from './mayWrite.ts';
import { toBuffer } from './storedDocumentReads.ts';
import type { GroupWrite } from './writeGroupCommit.ts';

/*
 * The writes of one SQLite group commit through better-sqlite3 statements prepared once and run
 * per row, instead of Kysely building, compiling and awaiting each query per commit (issue 16:
 * with the queries' promise chains, that was the largest share of the commit after COMMIT itself).
 * It does what writeStepByStep does on SQLite — the owners of claimed client ids, each entry's
 * status and last id, then the rows — with the same outcomes. It runs on the one connection
 * Kysely drives, inside the transaction Kysely began (docStore.kysely.ts): Kysely's SQLite driver
 * lends that connection to one caller at a time, so nothing else interleaves, and BEGIN, COMMIT
 * and the write watch (storeHealth.ts) stay where they were; a failed row is reported to the
 * watch here, as sqliteForKysely does for the statements it runs.
 */

type Statements = {
  owner: BetterSqlite3.Statement<[{ entry: string; client: number }], { user_id: string }>;
  entry: BetterSqlite3.Statement<[{ entry: string }], { status: string | null; outcome: string | null; last: number }>;
  client: BetterSqlite3.Statement<[string, number, string, number]>;
  update: BetterSqlite3.Statement<[string, Buffer, number]>;
  contribution: BetterSqlite3.Statement<[string, string, string, string, string, number]>;
};

function prepare(database: BetterSqlite3.Database): Statements {
  return {
    owner: database.prepare('select user_id from doc_clients where entry_id = @entry and client_id = @client'),
    // Status null: a document without an entry row (store tests). The outcome decides whether an
    // outline-only batch is taken for a submitted entry (C-WRITE-5). Last id as lastStoredIdOf.
    entry: database.prepare(`select (select status from entries where id = @entry) as status,
        (select stage from entry_outcomes where entry_id = @entry) as outcome, coalesce(
        (select max(id) from doc_updates where entry_id = @entry),
        (select last_update_id from doc_snapshots where entry_id = @entry),
        0) as last`),
    client: database.prepare('insert into doc_clients (entry_id, client_id, user_id, created_at) values (?, ?, ?, ?)'),
    update: database.prepare('insert into doc_updates (entry_id, data, created_at) values (?, ?, ?)'),
    contribution: database.prepare(
      'insert into contributions (entry_id, user_id, organisation_id, sections, items, created_at) values (?, ?, ?, ?, ?, ?)',
    ),
  };
}

/** A GroupWrite for SQLite over `database`, the connection behind the store's Kysely instance. */
export function sqliteGroupWrite(database: BetterSqlite3.Database, watch?: WriteWatch): GroupWrite {
  // Prepared on first use: the tables exist only once the migrations ran.
  let statements: Statements | null = null;
  return async (_trx, batches, entryIds) => {
    // Outside a transaction every insert would commit on its own, before the watch saw it.
    if (!database.inTransaction) throw new Error('sqliteGroupWrite runs inside the group commit transaction');
    statements ??= prepare(database);
    try {
      return write(statements, batches, entryIds);
    } catch (err) {
      // /healthz reports a store whose writes fail (a full disk) until one succeeds again.
      watch?.after(err, { source: 'group commit' });
      throw err;
    }
  };
}

function write(st: Statements, batches: Parameters<GroupWrite>[1], entryIds: string[]): AppendOutcome[] {
  const key = (entryId: string, clientId: number) => `${entryId}\u0000${clientId}`;
  // Owners as stored before this commit, then the claims it records, in batch order.
  const owners = new Map<string, string | null>();
  const ownerOf = (entryId: string, clientId: number): string | null => {
    const k = key(entryId, clientId);
    let owner = owners.get(k);
    if (owner === undefined) {
      owner = st.owner.get({ entry: entryId, client: clientId })?.user_id ?? null;
      owners.set(k, owner);
    }
    return owner;
  };

  const entries = new Map<string, { status: string | null; outcome: string | null; last: number }>();
  for (const entryId of entryIds) {
    const row = st.entry.get({ entry: entryId });
    entries.set(entryId, { status: row?.status ?? null, outcome: row?.outcome ?? null, last: Number(row?.last ?? 0) });
  }

  // As writeStepByStep: each batch's previous id is its entry's last before this commit, its last
  // id the entry's newest row after it.
  const lastIds = new Map<string, number>();
  const outcomes = batches.map(({ entryId, batch }): AppendOutcome => {
    const { status, outcome, last } = entries.get(entryId) ?? { status: null, outcome: null, last: 0 };
    if (status !== null && !batchAcceptedFor(status, outcome, batch.outlineOnly === true))
      return { ok: false, error: new EntryNotWritableError(status) };
    const foreign = batch.clients.filter((c) => {
      const owner = ownerOf(entryId, c.clientId);
      return owner !== null && owner !== c.userId;
    });
    if (foreign.length > 0) return { ok: false, error: new ClientIdConflictError(foreign.map((c) => c.clientId)) };
    for (const c of batch.clients) {
      if (ownerOf(entryId, c.clientId) !== null) continue;
      owners.set(key(entryId, c.clientId), c.userId);
      st.client.run(entryId, c.clientId, c.userId, batch.createdAt);
    }
    for (const data of batch.updates) {
      lastIds.set(entryId, Number(st.update.run(entryId, toBuffer(data), batch.createdAt).lastInsertRowid));
    }
    for (const c of batch.contributions) {
      st.contribution.run(
        entryId,
        c.userId,
        c.organisationId,
        JSON.stringify(c.sections),
        JSON.stringify(c.items),
        c.createdAt,
      );
    }
    return { ok: true, lastUpdateId: 0, previousUpdateId: last };
  });
  batches.forEach(({ entryId }, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) outcome.lastUpdateId = lastIds.get(entryId) ?? 0;
  });
  return outcomes;
}
