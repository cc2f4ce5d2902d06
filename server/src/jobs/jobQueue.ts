/**
 * A durable job queue (issue 17 item 2; issue 18's retention erasure uses it
 * too): a job of a kind, with a JSON payload, runs at or after a time, in
 * whichever process of the deployment is free. Two implementations behind
 * this one interface, tested by one contract (jobQueue.contract.ts):
 *
 * - embedded (SQLite): a table of our database, claimed in a transaction
 *   (jobQueue.sqlite.ts);
 * - scaled (PostgreSQL): graphile-worker, shared by every process, whose
 *   claims are row locks (`SKIP LOCKED`), so each job runs in one process at
 *   a time (jobQueue.graphile.ts).
 *
 * Delivery is at least once: a process that dies while running a job leaves
 * it to be run again. A handler that must act exactly once records what it did
 * in the transaction of its effect and checks that record first (as
 * deadlines/reminderJob.ts does).
 */
export type JobQueue = {
  /** Which implementation: for logs and tests. */
  readonly implementation: 'sqlite' | 'graphile-worker';
  /** Sets the handler of a kind; every kind must have one before `start`. */
  register(kind: string, handler: JobHandler): void;
  /**
   * Schedules a job. Its key is unique: scheduling a key that is still
   * pending replaces that job's kind, payload and time, so scheduling twice
   * makes one job. A key whose job already ran may be scheduled again.
   */
  schedule(job: JobSpec): Promise<void>;
  /** Removes the pending job of this key, if any (one running now may still finish). */
  cancel(key: string): Promise<void>;
  /** The jobs not yet done whose keys start with `keyPrefix`, soonest first (tests, rescheduling). */
  pending(keyPrefix: string): Promise<PendingJob[]>;
  /** Starts running due jobs; jobs scheduled before `start` are kept and run then. */
  start(): Promise<void>;
  /** Stops taking jobs and waits for those running; pending jobs stay stored. */
  close(): Promise<void>;
};

export type JobSpec = {
  kind: string;
  /** At most 200 characters. */
  key: string;
  /** Milliseconds since the epoch; a time already past runs as soon as a process is free. */
  runAt: number;
  payload: Record<string, unknown>;
  /** Attempts before the job is given up (kept as failed); JOB_MAX_ATTEMPTS by default. */
  maxAttempts?: number;
};

export type PendingJob = { key: string; kind: string; runAt: number; attempts: number };

/** Runs one job. Throwing fails this attempt: it is retried after a backoff (jobRetryDelayMs). */
export type JobHandler = (payload: Record<string, unknown>, job: { key: string; attempt: number }) => Promise<void>;

/** Attempts a job gets unless its spec says otherwise: about 2.5 hours of backoff in all. */
export const JOB_MAX_ATTEMPTS = 10;

export const MAX_JOB_KEY_LENGTH = 200;

/**
 * The wait before attempt `attempts + 1`: e^attempts seconds, at most e^10 (about 6 hours),
 * graphile-worker's own formula, so both implementations back off alike.
 */
export function jobRetryDelayMs(attempts: number): number {
  return Math.round(Math.exp(Math.min(attempts, 10)) * 1000);
}

export function checkJobSpec(job: JobSpec): void {
  if (job.key.length === 0 || job.key.length > MAX_JOB_KEY_LENGTH) throw new Error('job key: 1 to 200 characters');
  if (!Number.isFinite(job.runAt)) throw new Error('job runAt: not a time');
}
