import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { type Dialect, migrationProvider } from './migrations.ts';
import type { Database } from './schema.ts';
import { sqliteForKysely } from './sqliteForKysely.ts';

export type DatabaseHandle = {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
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
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    await handle.close();
    throw new Error(`Database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
  return handle;
}

function openSqlite(options: { file: string; synchronous: 'FULL' | 'NORMAL' }): DatabaseHandle {
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const sqlite = new SqliteDatabase(options.file);
  // WAL lets readers run beside the single writer. In WAL mode a commit is in the
  // WAL file once it returns, so it survives a killed process with either setting;
  // FULL also fsyncs it, for power loss (see SQLITE_SYNCHRONOUS in config.ts).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.synchronous}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqliteForKysely(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

function openPostgres(options: { url: string; poolSize?: number }): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
