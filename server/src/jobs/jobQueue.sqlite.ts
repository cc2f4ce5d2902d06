import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { generateId } from '../ids.ts';
import type { Logger } from '../logger.ts';
import {
  checkJobSpec,
  JOB_MAX_ATTEMPTS,
  type JobHandler,
  type JobQueue,
  type JobSpec,
  jobRetryDelayMs,
  type PendingJob,
} from './jobQueue.ts';

export type SqliteJobQueueOptions = {
  db: Kysely<Database>;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** How often due jobs are looked for (JOBS_POLL_INTERVAL_MS). */
  pollMs: number;
  /** The queue's clock: tests pass their own, so they decide when a job is due. */
  now?: () => number;
};

/**
 * The embedded job queue: rows of `queued_jobs` in our SQLite database, so a
 * job survives a restart exactly as the data it is about does. One process
 * owns an embedded database, so a claim is a transaction that marks the row
 * locked; locks left by a process that died are released when the next one
 * starts. Jobs run one at a time, due first.
 */
export function createSqliteJobQueue(options: SqliteJobQueueOptions): JobQueue {
  const { db, logger, pollMs } = options;
  const now = options.now ?? (() => Date.now());
  const handlers = new Map<string, JobHandler>();
  const worker = generateId();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let started = false;
  let closed = false;

  /** Takes the next due job, or null. */
  async function claim(at: number) {
    return db.transaction().execute(async (trx) => {
      const job = await trx
        .selectFrom('queued_jobs')
        .selectAll()
        .where('failed_at', 'is', null)
        .where('locked_by', 'is', null)
        .where('run_at', '<=', at)
        .orderBy('run_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!job) return null;
      await trx
        .updateTable('queued_jobs')
        .set({ locked_by: worker, locked_at: at, attempts: job.attempts + 1 })
        .where('id', '=', job.id)
        .execute();
      return { ...job, attempts: job.attempts + 1 };
    });
  }

  async function runOne(): Promise<boolean> {
    const job = await claim(now());
    if (!job) return false;
    const handler = handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(JSON.parse(job.payload) as Record<string, unknown>, { key: job.key, attempt: job.attempts });
      // Done: removed, unless it was rescheduled while it ran (then its new time stands).
      await db.deleteFrom('queued_jobs').where('id', '=', job.id).where('locked_by', '=', worker).execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const last = job.attempts >= job.max_attempts;
      logger.warn('job failed', { kind: job.kind, key: job.key, attempt: job.attempts, last, error: message });
      const at = now();
      await db
        .updateTable('queued_jobs')
        .set({
          locked_by: null,
          locked_at: null,
          last_error: message.slice(0, 1000),
          run_at: at + jobRetryDelayMs(job.attempts),
          failed_at: last ? at : null,
        })
        .where('id', '=', job.id)
        .where('locked_by', '=', worker)
        .execute();
    }
    return true;
  }

  /** Runs due jobs until none is due; one pass at a time. */
  function drain(): Promise<void> {
    if (running || closed || !started) return running ?? Promise.resolve();
    running = (async () => {
      try {
        while (!closed && (await runOne())) {}
      } catch (error) {
        logger.error('job queue: claiming failed', { error: error instanceof Error ? error.message : String(error) });
      } finally {
        running = null;
      }
    })();
    return running;
  }

  function tick() {
    timer = setTimeout(async () => {
      await drain();
      if (!closed) tick();
    }, pollMs);
    timer.unref();
  }

  return {
    implementation: 'sqlite',
    register(kind, handler) {
      handlers.set(kind, handler);
    },
    async schedule(job: JobSpec) {
      checkJobSpec(job);
      const values = {
        kind: job.kind,
        payload: JSON.stringify(job.payload),
        run_at: job.runAt,
        attempts: 0,
        max_attempts: job.maxAttempts ?? JOB_MAX_ATTEMPTS,
        last_error: null,
        failed_at: null,
      };
      // A running job of this key is left to finish; it is then kept with the new time (see runOne).
      await db
        .insertInto('queued_jobs')
        .values({ ...values, key: job.key, locked_at: null, locked_by: null, created_at: now() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ ...values, locked_by: null, locked_at: null }))
        .execute();
      if (job.runAt <= now()) void drain();
    },
    async cancel(key) {
      await db.deleteFrom('queued_jobs').where('key', '=', key).execute();
    },
    async pending(keyPrefix): Promise<PendingJob[]> {
      const rows = await db
        .selectFrom('queued_jobs')
        .select(['key', 'kind', 'run_at', 'attempts'])
        .where('failed_at', 'is', null)
        .where('key', '>=', keyPrefix)
        .where('key', '<', `${keyPrefix}\uffff`)
        .orderBy('run_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ key: r.key, kind: r.kind, runAt: Number(r.run_at), attempts: r.attempts }));
    },
    async start() {
      if (started) return;
      started = true;
      // Jobs a dead process had claimed: it was the only one, so they are free again.
      await db
        .updateTable('queued_jobs')
        .set({ locked_by: null, locked_at: null })
        .where('locked_by', 'is not', null)
        .execute();
      void drain();
      tick();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
