import { Logger as GraphileLogger, makeWorkerUtils, type Runner, run, type WorkerUtils } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import {
  checkJobSpec,
  JOB_MAX_ATTEMPTS,
  type JobHandler,
  type JobQueue,
  type JobSpec,
  type PendingJob,
} from './jobQueue.ts';

export type GraphileJobQueueOptions = {
  /** DATABASE_URL: graphile-worker keeps its own small pool beside ours. */
  connectionString: string;
  /** graphile-worker's schema (jobQueueSchema.ts names it after ours). */
  schema: string;
  logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  /** How often future jobs are looked for (JOBS_POLL_INTERVAL_MS); new due jobs arrive by LISTEN/NOTIFY. */
  pollMs: number;
  /** Jobs run at once by this process. */
  concurrency: number;
};

/** The exit code graphile-worker sets on the process when it stops for a breaking migration. */
const GRAPHILE_MIGRATION_EXIT_CODE = 57;
/** How soon a runner that stopped by itself is started again. */
const RUNNER_RESTART_MS = 500;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The scaled job queue: graphile-worker on the shared PostgreSQL. Every
 * process runs a worker; a job is taken with `FOR UPDATE SKIP LOCKED` and
 * locked to one worker, so it runs in one process at a time, and it is in the
 * database from the moment `schedule` returns, so a process dying loses
 * nothing (a job whose process died mid-run is freed after graphile-worker's
 * lock timeout, 4 hours). graphile-worker decides due jobs by Node's clock
 * (`useNodeTime`), not PostgreSQL's, so tests that set the process's clock
 * decide when a job is due, as they do for the embedded queue.
 */
export function createGraphileJobQueue(options: GraphileJobQueueOptions): JobQueue {
  const { connectionString, schema, logger, pollMs, concurrency } = options;
  const handlers = new Map<string, JobHandler>();
  // graphile-worker's logs go to ours: debug for its chatter, warnings and errors as such.
  const graphileLogger = new GraphileLogger(() => (level, message) => {
    if (level === 'error') logger.error(`graphile-worker: ${message}`);
    else if (level === 'warning') logger.warn(`graphile-worker: ${message}`);
    else logger.debug(`graphile-worker: ${message}`);
  });
  // No named prepared statements: graphile-worker names them after its schema, and PostgreSQL cuts
  // names at 63 bytes, so a deployment's long schema name drew pg's "only supports 63 characters"
  // warning on every poll (the bench's schemas did). A reminder queue gains nothing from preparing.
  const shared = { connectionString, schema, logger: graphileLogger, useNodeTime: true, noPreparedStatements: true };
  /** Made once, on first use (calls racing for it share one). */
  let utils: Promise<WorkerUtils> | null = null;
  let runner: Runner | null = null;
  /** Set by close(): a runner that stops after it is not started again. */
  let stopped = true;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;

  async function startRunner(): Promise<void> {
    const taskList = Object.fromEntries(
      [...handlers].map(([kind, handler]) => [
        kind,
        async (payload: unknown, helpers: { job: { key: string | null; attempts: number } }) => {
          await handler((payload ?? {}) as Record<string, unknown>, {
            key: helpers.job.key ?? '',
            attempt: helpers.job.attempts,
          });
        },
      ]),
    );
    const started = await run({
      ...shared,
      taskList,
      concurrency,
      pollInterval: pollMs,
      // The server handles SIGTERM itself (server.ts), closing the queue with everything else.
      noHandleSignals: true,
      maxPoolSize: concurrency + 2,
    });
    runner = started;
    void started.promise.then(
      () => stoppedByItself(started, null),
      (err: unknown) => stoppedByItself(started, err),
    );
  }

  /**
   * graphile-worker stops its runner by itself when it hears, on a channel every schema of the
   * database shares (`worker:migrate`), that a breaking migration was installed: including the
   * first install of another deployment's (or test's) schema in the same database. Left stopped,
   * this process would never run a job again. So a runner that stops without close() is started
   * again after a pause (a real breaking upgrade by a newer process then fails to start, and is
   * logged, each time), and the exit code graphile-worker set for it (57) is taken back.
   */
  function stoppedByItself(which: Runner, err: unknown): void {
    if (stopped || runner !== which) return;
    runner = null;
    if (process.exitCode === GRAPHILE_MIGRATION_EXIT_CODE) process.exitCode = undefined;
    logger.warn('graphile-worker stopped by itself; starting it again', {
      error: err instanceof Error ? err.message : err === null ? null : String(err),
    });
    const again = () => {
      restartTimer = null;
      if (stopped || runner) return;
      startRunner().catch((error: unknown) => {
        logger.error('graphile-worker could not be started again; trying later', {
          error: error instanceof Error ? error.message : String(error),
        });
        if (!stopped) restartTimer = setTimeout(again, RUNNER_RESTART_MS * 10).unref();
      });
    };
    // Unreferenced: a queue left open must not keep a finished process alive.
    restartTimer = setTimeout(again, RUNNER_RESTART_MS).unref();
  }

  function workerUtils(): Promise<WorkerUtils> {
    utils ??= (async () => {
      // makeWorkerUtils creates or updates graphile-worker's schema. Processes starting together on
      // a fresh database race to create it (graphile-worker 0.16's first install is not safe
      // against that: "duplicate key … pg_namespace_nspname_index", seen in CI with two processes),
      // so one makes its utils at a time, under our advisory lock held on a connection of our own.
      const lockClient = new pg.Client({ connectionString });
      await lockClient.connect();
      const lock = `jointly:graphile-worker:${schema}`;
      try {
        await lockClient.query('select pg_advisory_lock(hashtext($1))', [lock]);
        return await makeWorkerUtils({ ...shared, maxPoolSize: 2 });
      } finally {
        await lockClient.query('select pg_advisory_unlock(hashtext($1))', [lock]).catch(() => undefined);
        await lockClient.end().catch(() => undefined);
      }
    })();
    return utils;
  }

  return {
    implementation: 'graphile-worker',
    register(kind, handler) {
      handlers.set(kind, handler);
    },
    async schedule(job: JobSpec) {
      checkJobSpec(job);
      await (await workerUtils()).addJob(job.kind, job.payload, {
        jobKey: job.key,
        jobKeyMode: 'replace',
        runAt: new Date(job.runAt),
        maxAttempts: job.maxAttempts ?? JOB_MAX_ATTEMPTS,
      });
    },
    async cancel(key) {
      await (await workerUtils()).withPgClient((client) =>
        client.query(`select ${quote(schema)}.remove_job($1::text)`, [key]),
      );
    },
    async pending(keyPrefix): Promise<PendingJob[]> {
      const { rows } = await (await workerUtils()).withPgClient((client) =>
        client.query<{ key: string; task_identifier: string; run_at: Date; attempts: number }>(
          `select key, task_identifier, run_at, attempts from ${quote(schema)}.jobs
           where key is not null and left(key, length($1::text)) = $1::text and attempts < max_attempts
           order by run_at, id`,
          [keyPrefix],
        ),
      );
      return rows.map((r) => ({
        key: r.key,
        kind: r.task_identifier,
        runAt: r.run_at.getTime(),
        attempts: r.attempts,
      }));
    },
    async start() {
      if (runner) return;
      await workerUtils();
      stopped = false;
      await startRunner();
    },
    async close() {
      // Taken before the first await: a second close while this one waits must not stop it again.
      stopped = true;
      if (restartTimer) clearTimeout(restartTimer);
      restartTimer = null;
      const running = runner;
      runner = null;
      // graphile-worker throws on stopping a runner that already stopped (it stops itself when its
      // database goes away, as a test's schema does): stopped either way, which is what close means.
      await running?.stop().catch((err: unknown) => {
        if (!String(err).includes('already stopped')) throw err;
      });
      const made = utils;
      utils = null;
      await (await made?.catch(() => null))?.release();
    },
  };
}
