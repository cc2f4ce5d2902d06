import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { STORE_PROBE_INTERVAL_MS } from '../config.ts';
import { type Dialect, migrationProvider } from './migrationProvider.ts';
import { OwnSchemaPostgresDialect } from './ownSchemaDialect.ts';
import type { Database } from './schema.ts';
import { sqliteForKysely, type WriteWatch } from './sqliteForKysely.ts';
import { cachedProbe, SqliteWriteHealth, StoreUnavailableError } from './storeHealth.ts';

export type DatabaseHandle = {
  db: Kysely<Database>;
  dialect: Dialect;
  /**
   * Rejects when the store cannot take writes now (for `/healthz`): SQLite's files deleted or
   * replaced, or a small real write failing (disk full, read-only); PostgreSQL down or
   * read-only. The probe runs at most once per STORE_PROBE_INTERVAL_MS.
   */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
  /**
   * SQLite: the one better-sqlite3 connection behind `db`, for statements prepared once (the
   * group commit, sqliteGroupWrite.ts). Use it only inside a Kysely transaction: Kysely's driver
   * lends the connection to one caller at a time, and the transaction's COMMIT runs through the
   * write watch. A statement run directly must report its failure to `watch` itself.
   */
  sqlite?: { connection: SqliteDatabase.Database; watch: WriteWatch };
};

export type DatabaseOptions =
  | { kind: 'sqlite'; file: string; synchronous: 'FULL' | 'NORMAL' }
  | { kind: 'postgres'; url: string; poolSize?: number };

// PostgreSQL returns int8 as a string to avoid precision loss; our int8 columns
// hold milliseconds and row ids, well inside Number.MAX_SAFE_INTEGER.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Opens the database, runs pending migrations, and returns a handle. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.kind === 'sqlite' ? openSqlite(options) : openPostgres(options);
  // PostgreSQL: Kysely's migrator holds an advisory lock while it migrates, so processes starting
  // at once apply each migration exactly once. Its bookkeeping tables are named with the schema we
  // run in (`search_path`): otherwise it would find another schema's `kysely_migration` in a shared
  // database, skip creating ours and fail.
  const migrationTableSchema =
    handle.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(handle.db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db: handle.db,
    provider: migrationProvider(handle.dialect),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  // Looking its tables up reads our schema alone (OwnSchemaPostgresDialect): a schema someone else
  // drops meanwhile in a shared database does not fail it.
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    await handle.close();
    throw new Error(`Database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
  // Only now do both SQLite files exist (the WAL appears with the first transaction).
  handle.afterMigrations?.();
  return handle;
}

type OpenedHandle = DatabaseHandle & { afterMigrations?(): void };

function openSqlite(options: { file: string; synchronous: 'FULL' | 'NORMAL' }): OpenedHandle {
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const sqlite = new SqliteDatabase(options.file);
  // WAL lets readers run beside the single writer. In WAL mode a commit is in the
  // WAL file once it returns, so it survives a killed process with either setting;
  // FULL also fsyncs it, for power loss (see SQLITE_SYNCHRONOUS in config.ts).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.synchronous}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Every commit first checks that the files are still the ones open, and write failures are
  // remembered for /healthz (storeHealth.ts).
  const health = new SqliteWriteHealth();
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqliteForKysely(sqlite, 256, health) }),
  });
  // A real write: `user_version` is the header field SQLite leaves to applications (Jointly uses
  // none); writing its own value back changes nothing but still commits a page through the WAL.
  const probeWrite = cachedProbe(async () => {
    const { rows } = await sql<{ user_version: number }>`pragma user_version`.execute(db);
    await sql.raw(`pragma user_version = ${Number(rows[0]?.user_version ?? 0)}`).execute(db);
  }, STORE_PROBE_INTERVAL_MS);
  return {
    db,
    dialect: 'sqlite',
    sqlite: { connection: sqlite, watch: health },
    afterMigrations: () => health.watchFiles(options.file),
    // The file check is a stat and the failure a field, so they run on every call; only the write is cached.
    checkWritable: async () => {
      health.assertHealthy();
      await probeWrite();
    },
    close: () => db.destroy(),
  };
}

function openPostgres(options: { url: string; poolSize?: number }): OpenedHandle {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  // A standby or a read-only database answers selects but refuses every write.
  const probeWrite = cachedProbe(async () => {
    const { rows } = await sql<{ ro: string }>`select current_setting('transaction_read_only') as ro`.execute(db);
    if (rows[0]?.ro !== 'off')
      throw new StoreUnavailableError('PostgreSQL is read-only (a standby, or read-only by setting).');
  }, STORE_PROBE_INTERVAL_MS);
  return { db, dialect: 'postgres', checkWritable: probeWrite, close: () => db.destroy() };
}
