import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { type Kysely, sql } from 'kysely';
import { WAL_CHECKPOINT_INTERVAL_MS, WAL_MAX_BYTES } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

/** SQLite's own default, restored whenever the background checkpointer is not running. */
const SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/**
 * Moves SQLite's WAL checkpoints off the event loop (C-PERSIST-1).
 *
 * better-sqlite3 is synchronous, and with the default auto-checkpoint the
 * commit that crosses 1000 WAL pages copies them into the database file and
 * fsyncs it on the main thread: measured here, a 100–170 ms stall every few
 * seconds under the benchmark's load, which is the whole p99. Instead, the
 * app's connection stops auto-checkpointing and a worker thread with its own
 * connection runs `wal_checkpoint(PASSIVE)` every WAL_CHECKPOINT_INTERVAL_MS.
 * PASSIVE never blocks writers or readers; once everything is checkpointed
 * the next commit rewinds the WAL. Should unbroken writing never leave such a
 * moment, a WAL over WAL_MAX_BYTES is truncated (which holds writers for the
 * length of one checkpoint, rarely). If the worker dies, auto-checkpointing
 * is switched back on, so the WAL can never grow unchecked.
 */
export type WalCheckpointer = { stop(): Promise<void> };

const CHECKPOINT_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.betterSqlitePath);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    // Under unbroken writing the WAL may never be fully checkpointed at the moment a commit
    // starts (which is when SQLite rewinds it): past the cap, truncate it, briefly holding writers.
    let size = 0;
    try {
      size = fs.statSync(workerData.file + '-wal').size;
    } catch {}
    if (size > workerData.maxWalBytes) db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message ? err.message : err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ ready: true });
`;

export async function startWalCheckpointer(
  db: Kysely<Database>,
  options: { logger: Logger; intervalMs?: number; maxWalBytes?: number },
): Promise<WalCheckpointer | null> {
  const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = rows[0]?.file;
  if (!file) return null; // an in-memory database has no WAL
  const setAutocheckpoint = (pages: number) =>
    sql`pragma wal_autocheckpoint = ${sql.raw(String(pages))}`.execute(db).catch((err) => {
      options.logger.error('could not set wal_autocheckpoint', { err });
    });

  const worker = new Worker(CHECKPOINT_WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      betterSqlitePath: createRequire(import.meta.url).resolve('better-sqlite3'),
      intervalMs: options.intervalMs ?? WAL_CHECKPOINT_INTERVAL_MS,
      maxWalBytes: options.maxWalBytes ?? WAL_MAX_BYTES,
    },
  });
  worker.unref();
  let stopped = false;
  const ready = await new Promise<boolean>((resolve) => {
    worker.once('message', (message: { ready?: boolean }) => resolve(message.ready === true));
    worker.once('error', (err) => {
      options.logger.error('WAL checkpoint worker failed to start; SQLite checkpoints itself', { err });
      resolve(false);
    });
  });
  if (!ready) {
    await worker.terminate();
    return null;
  }
  await setAutocheckpoint(0);
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.logger.warn('WAL checkpoint failed; will retry', { err: message.error });
  });
  worker.on('error', (err) => options.logger.error('WAL checkpoint worker failed', { err }));
  worker.on('exit', () => {
    if (!stopped) {
      options.logger.error('WAL checkpoint worker exited; SQLite checkpoints itself again');
      void setAutocheckpoint(SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES);
    }
  });

  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      await setAutocheckpoint(SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES);
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      await worker.terminate();
    },
  };
}
