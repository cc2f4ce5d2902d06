import type { DatabaseHandle } from '../db/database.ts';
import { loadEntry } from '../entries/entryLock.ts';
import type { EntryService } from '../entries/entryService.ts';
import type { EventBus } from '../events/eventBus.ts';
import { createGraphileJobQueue } from '../jobs/jobQueue.graphile.ts';
import { createSqliteJobQueue } from '../jobs/jobQueue.sqlite.ts';
import type { JobHandler, JobQueue } from '../jobs/jobQueue.ts';
import { jobQueueSchema } from '../jobs/jobQueueSchema.ts';
import { JOB_CONCURRENCY, JOB_POLL_INTERVAL_MS } from '../jobsConfig.ts';
import type { Logger } from '../logger.ts';
import type { Notified } from '../notifications/notifyMembers.ts';
import type { SignoffService } from '../signoff/signoffService.ts';
import { createDeadlineService } from './deadlineService.ts';
import { createReminderJob } from './reminderJob.ts';
import { REMINDER_JOB_KIND } from './reminderPlan.ts';
import { createReminderSweep, REMINDER_SWEEP_JOB_KIND } from './reminderSweep.ts';

export type DeadlineReminders = Awaited<ReturnType<typeof createDeadlineReminders>>;

/**
 * The job queue of this process (SQLite-backed when embedded, graphile-worker
 * on PostgreSQL when scaled), the deadline service, and the reminder job,
 * started. Built by services.ts once the notifications and sign-off exist.
 */
export async function createDeadlineReminders(deps: {
  database: DatabaseHandle;
  /** DATABASE_URL, for graphile-worker's own connections (scaled mode). */
  databaseUrl: string | null;
  entries: Pick<EntryService, 'authorise'>;
  events: Pick<EventBus, 'subscribe'>;
  announce: (notified: Notified) => void;
  /** Whose endorsements are current: reminders go to the organisations without one. */
  signoff: Pick<SignoffService, 'view'>;
  logger: Logger;
  /** Other concerns' job kinds (retention/), registered before the queue starts. */
  handlers?: Readonly<Record<string, JobHandler>>;
}) {
  const { database, logger } = deps;
  const jobs: JobQueue =
    database.dialect === 'postgres' && deps.databaseUrl
      ? createGraphileJobQueue({
          connectionString: deps.databaseUrl,
          schema: await jobQueueSchema(database.db),
          logger,
          pollMs: JOB_POLL_INTERVAL_MS,
          concurrency: JOB_CONCURRENCY,
        })
      : createSqliteJobQueue({ db: database.db, logger, pollMs: JOB_POLL_INTERVAL_MS });
  const deadlines = createDeadlineService({ db: database.db, entries: deps.entries, jobs, logger });
  const reminders = createReminderJob({
    db: database.db,
    plannedKeys: deadlines.plannedKeys,
    endorsedOrganisations: async (entryId) => {
      const view = await deps.signoff.view(entryId, (await loadEntry(database.db, entryId)).template);
      return new Set(view.endorsements.filter((e) => e.current).map((e) => e.organisation.id));
    },
    announce: deps.announce,
    logger,
  });
  jobs.register(REMINDER_JOB_KIND, reminders.run);
  for (const [kind, handler] of Object.entries(deps.handlers ?? {})) jobs.register(kind, handler);
  // Entries whose reminders nobody planned (made before reminders existed): swept at start-up and hourly.
  const sweep = createReminderSweep({ db: database.db, jobs, deadlines, logger });
  jobs.register(REMINDER_SWEEP_JOB_KIND, sweep.run);
  // A section's due date set, changed or cleared: its assignees' reminders follow (every process
  // hears it in scaled mode; re-planning is idempotent).
  const unsubscribe = deps.events.subscribe('entryChanged', (event) => {
    if (event.kind === 'assignments') deadlines.replanQuietly(event.entryId);
  });
  await jobs.start();
  await sweep.schedule();
  return {
    jobs,
    deadlines,
    sweep,
    async close() {
      unsubscribe();
      await jobs.close();
    },
  };
}
