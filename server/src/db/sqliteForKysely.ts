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
 */
export function sqliteForKysely(database: BetterSqlite3.Database, capacity = 256): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(text: string): SqliteStatement {
      const sql = text === 'begin' ? 'begin immediate' : text;
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        // Most recently used last: Map keeps insertion order.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached as unknown as SqliteStatement;
      }
      const statement = database.prepare(sql);
      if (!cached) {
        cache.set(sql, statement);
        if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      }
      return statement as unknown as SqliteStatement;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}
