import { createRequire } from 'node:module';

/**
 * Reads Jointly's SQLite file (DATA_DIR/jointly.sqlite) through
 * the server's own better-sqlite3, loaded from the server package so the
 * benchmark needs no native build of its own. Only the few calls used here
 * are typed.
 */

type Statement = {
  get(...params: unknown[]): unknown;
};
type SqliteDatabase = {
  prepare(sql: string): Statement;
  pragma(sql: string): unknown;
  close(): void;
};
type SqliteConstructor = new (
  file: string,
  options?: { readonly?: boolean; fileMustExist?: boolean },
) => SqliteDatabase;

export function sqliteFilePath(dataDir: string): string {
  return `${dataDir}/jointly.sqlite`;
}

function openSqlite(rootDir: string, dataDir: string, readonly: boolean): SqliteDatabase {
  const requireFromServer = createRequire(`${rootDir}/server/package.json`);
  const Database = requireFromServer('better-sqlite3') as SqliteConstructor;
  const db = new Database(sqliteFilePath(dataDir), { readonly, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

export type StorageCounts = { updateRows: number; snapshotBytes: number | null; snapshotLastUpdateId: number | null };

/** How entry `entryId` is stored right now: rows in doc_updates and the snapshot's size. */
export function storageCounts(rootDir: string, dataDir: string, entryId: string): StorageCounts {
  const db = openSqlite(rootDir, dataDir, true);
  try {
    const rows = db.prepare('SELECT count(*) AS n FROM doc_updates WHERE entry_id = ?').get(entryId) as { n: number };
    let snapshot: { bytes: number; last: number } | undefined;
    try {
      snapshot = db
        .prepare('SELECT length(state) AS bytes, last_update_id AS last FROM doc_snapshots WHERE entry_id = ?')
        .get(entryId) as { bytes: number; last: number } | undefined;
    } catch {
      snapshot = undefined;
    }
    return {
      updateRows: rows.n,
      snapshotBytes: snapshot?.bytes ?? null,
      snapshotLastUpdateId: snapshot?.last ?? null,
    };
  } finally {
    db.close();
  }
}
