import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { JobQueue } from '../jobs/jobQueue.ts';
import type { Logger } from '../logger.ts';
import type { DeadlineService } from './deadlineService.ts';

/** The job kind and key of the sweep: one key, so the deployment holds one pending sweep whatever runs it. */
export const REMINDER_SWEEP_JOB_KIND = 'reminder_sweep';
export const REMINDER_SWEEP_JOB_KEY = 'reminder-sweep';
/** How often the sweep runs again: reminders are days apart, and an entry's own changes re-plan it at once. */
export const REMINDER_SWEEP_EVERY_MS = 60 * 60 * 1000;
/** Entries re-planned per batch, so a deployment of thousands does not hold one long query. */
const SWEEP_BATCH = 200;

/**
 * Reminders for entries nobody re-planned (issue 17 item 2): those that existed
 * before reminders did, and those made since on a category whose deadline the
 * template gives (their reminders are planned only when a lead saves the
 * entry's deadlines or a due date changes). A draft entry with no reminder job
 * recorded is re-planned; one whose deadlines call for nothing stays without
 * and is looked at again next sweep.
 *
 * Exactly once with any number of processes: the sweep is a job of one key on
 * the durable queue, so one process runs it at a time, and it schedules itself
 * again when done; every process schedules it at start-up (a pending key is
 * replaced, not doubled). Were two sweeps to run at once anyway, re-planning
 * is idempotent: each reminder is a job under a key naming its date (scheduled
 * twice, it is one job), and a sent key is recorded with its notifications
 * (`sent_reminders`), so nobody is reminded twice.
 */
export function createReminderSweep(deps: {
  db: Kysely<Database>;
  jobs: Pick<JobQueue, 'schedule'>;
  deadlines: Pick<DeadlineService, 'replan'>;
  logger: Pick<Logger, 'info' | 'warn'>;
  now?: () => number;
}) {
  const { db, jobs, deadlines, logger } = deps;
  const now = deps.now ?? (() => Date.now());

  /** Re-plans every draft entry without a reminder job recorded; how many were looked at and how many got reminders. */
  async function sweep(): Promise<{ checked: number; scheduled: number }> {
    let checked = 0;
    let scheduled = 0;
    let after = '';
    for (;;) {
      const batch = await db
        .selectFrom('entries')
        .select('id')
        .where('status', '=', 'draft')
        .where('id', '>', after)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('entry_reminder_jobs')
                .select('entry_id')
                .whereRef('entry_reminder_jobs.entry_id', '=', 'entries.id'),
            ),
          ),
        )
        .orderBy('id')
        .limit(SWEEP_BATCH)
        .execute();
      for (const { id } of batch) {
        checked++;
        try {
          await deadlines.replan(id);
        } catch (error) {
          // One entry's failure (a category gone) must not hold up the others; the next sweep tries again.
          logger.warn('reminders not planned by the sweep', {
            entryId: id,
            error: error instanceof Error ? error.message : String(error),
          });
          continue;
        }
        const held = await db
          .selectFrom('entry_reminder_jobs')
          .select('job_key')
          .where('entry_id', '=', id)
          .executeTakeFirst();
        if (held) scheduled++;
      }
      if (batch.length < SWEEP_BATCH) break;
      after = batch.at(-1)!.id;
    }
    if (scheduled > 0) logger.info('reminders planned for entries without any', { checked, scheduled });
    return { checked, scheduled };
  }

  /** The job handler: sweeps, then schedules the next sweep. */
  async function run(): Promise<void> {
    await sweep();
    await schedule(now() + REMINDER_SWEEP_EVERY_MS);
  }

  /** Schedules the sweep at `at` (start-up: now), replacing a pending one. */
  function schedule(at: number = now()): Promise<void> {
    return jobs.schedule({ kind: REMINDER_SWEEP_JOB_KIND, key: REMINDER_SWEEP_JOB_KEY, runAt: at, payload: {} });
  }

  return { sweep, run, schedule };
}
