import fs from 'node:fs';
import type { WriteWatch } from './sqliteForKysely.ts';

/**
 * The database cannot take writes (its file was deleted or replaced, or a
 * write probe failed). Answered 503 with Retry-After by the HTTP error
 * handler; a group commit that meets it fails, which closes the rooms 1011
 * (C-PERSIST-3), so nothing is acknowledged.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'JOINTLY_STORE_UNAVAILABLE';
  override readonly name = 'StoreUnavailableError';
}

type FileIdentity = { dev: number; ino: number };

/**
 * Notices the SQLite files being deleted or replaced under a running server
 * (issue 10 finding 15, RELIABILITY J66). SQLite keeps its open descriptors:
 * with the data directory removed, every commit still succeeds, into an
 * unlinked inode that vanishes when the process exits, so everything
 * acknowledged since is lost on restart. The database file and its WAL are
 * identified (device and inode) once open; before each commit the paths must
 * still name those files. A stat of two paths costs microseconds, once per
 * commit, not per statement.
 */
export class SqliteFileGuard {
  private readonly files: { path: string; identity: FileIdentity }[];

  constructor(file: string) {
    // The WAL exists while the database is open in WAL mode (SQLite deletes it only when the
    // last connection closes); a database not in WAL mode has none to watch.
    this.files = [file, `${file}-wal`]
      .map((path) => ({ path, identity: identityOf(path) }))
      .filter((f): f is { path: string; identity: FileIdentity } => f.identity !== null);
  }

  /** The reason writes would be lost, or null when the files are the ones we opened. */
  problem(): string | null {
    for (const { path, identity } of this.files) {
      const now = identityOf(path);
      if (!now) return `the database file ${path} was deleted while the server runs`;
      if (now.dev !== identity.dev || now.ino !== identity.ino) {
        return `the database file ${path} was replaced while the server runs`;
      }
    }
    return null;
  }

  /** Throws StoreUnavailableError if a write now would be lost. */
  assertIntact(): void {
    const problem = this.problem();
    if (problem) throw new StoreUnavailableError(`Refusing to write: ${problem}; restart the server on intact data.`);
  }
}

/** SQLite result codes that say the storage itself failed (not the statement). */
const STORAGE_FAILURE = /^SQLITE_(FULL|IOERR|READONLY|CORRUPT|CANTOPEN|NOTADB)/;

/**
 * What `/healthz` and every commit need to know of SQLite's writes: the files are intact
 * (SqliteFileGuard, checked before each commit), and the last data write did not fail for
 * storage reasons (disk full, I/O error, read-only) without a later one succeeding. The
 * health probe's own write (a `pragma`) never clears a failure: a header page may still fit
 * where rows no longer do.
 */
export class SqliteWriteHealth implements WriteWatch {
  private guard: SqliteFileGuard | null = null;
  private failure: Error | null = null;

  /** Identifies the files; call once they both exist (after the first transaction). */
  watchFiles(file: string): void {
    this.guard = new SqliteFileGuard(file);
  }

  before(): void {
    this.guard?.assertIntact();
  }

  after(error: unknown, statement: { source: string }): void {
    if (error === null) {
      if (!statement.source.startsWith('pragma')) this.failure = null;
      return;
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && STORAGE_FAILURE.test(code)) this.failure = error as Error;
  }

  /** Throws StoreUnavailableError if the files are gone or the last data write failed. */
  assertHealthy(): void {
    this.guard?.assertIntact();
    if (this.failure) {
      throw new StoreUnavailableError(`The last write failed and none has succeeded since: ${this.failure.message}`);
    }
  }
}

function identityOf(path: string): FileIdentity | null {
  try {
    const stat = fs.statSync(path);
    return { dev: stat.dev, ino: stat.ino };
  } catch {
    return null;
  }
}

/**
 * Runs `probe` (a small real write) at most once per `intervalMs` and
 * remembers its outcome, so `/healthz` can be polled by a load balancer
 * without each poll writing: a failure is reported until a later probe
 * succeeds.
 */
export function cachedProbe(probe: () => Promise<void>, intervalMs: number, now: () => number = Date.now) {
  let last: { at: number; error: unknown } | null = null;
  let running: Promise<void> | null = null;
  return async function check(): Promise<void> {
    if (!last || now() - last.at >= intervalMs) {
      running ??= probe().then(
        () => {
          last = { at: now(), error: null };
        },
        (error: unknown) => {
          last = { at: now(), error };
        },
      );
      await running;
      running = null;
    }
    if (last?.error) throw last.error;
  };
}
