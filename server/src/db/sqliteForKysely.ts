import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * better-sqlite3 as Kysely's SQLite driver sees it, with two changes:
 *
 * - Prepared statements are reused. Kysely's SQLite driver prepares every
 *   query afresh, and compiling SQL was the largest single cost of a group
 *   commit under load (PRODUCT §8's benchmark: about a third of the time in
 *   the commit transaction). The same SQL text gets the same statement;
 *   multi-row inserts of different sizes are different texts, so the cache is
 *   bounded and drops the least recently used. A statement still being
 *   iterated (a streamed query) is `busy`: such a query gets one of its own.
 * - Transactions begin IMMEDIATE. Kysely's `begin` is DEFERRED: the write
 *   lock is taken at the first write, and if the WAL checkpointer's connection
 *   rewound the WAL since this transaction's first read, SQLite answers
 *   SQLITE_BUSY at once, without waiting (the read snapshot is stale).
 *   IMMEDIATE takes the lock up front, waiting up to `busy_timeout` like any
 *   other lock. The app has one connection, so this costs no concurrency.
 * - A rollback after SQLite already rolled the transaction back (it does so
 *   itself on SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM…) does nothing, so the
 *   error that caused it reaches the caller: Kysely runs `rollback` on any
 *   error and would otherwise replace "database or disk is full" with
 *   "cannot rollback - no transaction is active" (issue 10 finding 15).
 * - `watch`, if given, sees every write: `before` runs before each commit and
 *   each write outside a transaction and may throw to refuse it (storeHealth.ts
 *   checks there that the database file is still the one we opened), and
 *   `after` learns how each write ended, so `/healthz` reports a store whose
 *   writes fail (a full disk) until one succeeds again.
 */
export function sqliteForKysely(database: BetterSqlite3.Database, capacity = 256, watch?: WriteWatch): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();

  function prepareCached(sql: string): BetterSqlite3.Statement {
    const cached = cache.get(sql);
    if (cached && !cached.busy) {
      // Most recently used last: Map keeps insertion order.
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = database.prepare(sql);
    if (!cached) {
      cache.set(sql, statement);
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
    }
    return statement;
  }

  return {
    prepare(text: string): SqliteStatement {
      const sql = text === 'begin' ? 'begin immediate' : text;
      const statement = prepareCached(sql);
      if (sql === 'rollback') return rollbackIfActive(database, statement);
      // COMMIT counts as read-only for SQLite, but it is where a transaction's writes land.
      if (watch && (sql === 'commit' || !statement.readonly)) return watched(database, statement, watch);
      return statement as unknown as SqliteStatement;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}

/** `rollback` that does nothing when SQLite has already ended the transaction itself. */
function rollbackIfActive(database: BetterSqlite3.Database, statement: BetterSqlite3.Statement): SqliteStatement {
  return {
    reader: false,
    all: (parameters) => statement.all(parameters as unknown[]),
    run: (parameters) =>
      database.inTransaction ? statement.run(parameters as unknown[]) : { changes: 0, lastInsertRowid: 0 },
    iterate: (parameters) => statement.iterate(parameters as unknown[]),
  };
}

/** What sqliteForKysely tells about writes (see storeHealth.ts). */
export type WriteWatch = {
  /** Before a commit, or a write outside a transaction (which commits by itself); throws to refuse it. */
  before(): void;
  /** A write ended: `error` null when it is durable (a commit, or a write outside a transaction). */
  after(error: unknown, statement: { source: string }): void;
};

/** A writing statement reported to `watch`. */
function watched(
  database: BetterSqlite3.Database,
  statement: BetterSqlite3.Statement,
  watch: WriteWatch,
): SqliteStatement {
  function run<T>(execute: () => T): T {
    const durable = statement.source === 'commit' || !database.inTransaction;
    if (durable) watch.before();
    let result: T;
    try {
      result = execute();
    } catch (err) {
      watch.after(err, statement);
      throw err;
    }
    if (durable) watch.after(null, statement);
    return result;
  }
  return {
    reader: statement.reader,
    all: (parameters) => run(() => statement.all(parameters as unknown[])),
    run: (parameters) => run(() => statement.run(parameters as unknown[])),
    // A writing statement that returns rows (RETURNING) runs to its end before its rows are read.
    iterate: (parameters) => run(() => statement.all(parameters as unknown[]))[Symbol.iterator](),
  };
}
