import { addMonthsToIsoDate, type ErasureDto, type OutcomeStage, SYSTEM_ACTOR_ID } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { ConsentConfig } from '../consentConfig.ts';
import type { Database } from '../db/schema.ts';
import type { EventBus } from '../events/eventBus.ts';
import { HttpError } from '../http/HttpError.ts';
import { utcDate } from '../isoTime.ts';
import type { JobHandler, JobQueue } from '../jobs/jobQueue.ts';
import type { Logger } from '../logger.ts';
import type { Notified, NotifyInput } from '../notifications/notifyMembers.ts';

export const RETENTION_WARNING_JOB = 'retention_warning';
export const RETENTION_ERASURE_JOB = 'retention_erasure';

/** Outcomes after which the award is decided: the retention period runs from when one is recorded. */
export const AWARD_DECIDED_STAGES: readonly OutcomeStage[] = ['not_shortlisted', 'highly_commended', 'winner'];

const DAY_MS = 24 * 60 * 60 * 1000;

/** What retention needs of erasure (erasure/erasureService.ts), given once it exists. */
export type RetentionErasures = {
  unerasedTestimonials(entryId: string): Promise<string[]>;
  erase(
    entryId: string,
    itemId: string,
    eraser: { kind: 'retention'; reason: string; actor: null },
  ): Promise<ErasureDto>;
};

/** The job keys of an entry's retention (one warning, one erasure). */
export const retentionKeys = (entryId: string) => ({
  warning: `retention:${entryId}:warning`,
  erasure: `retention:${entryId}:erasure`,
});

/**
 * Retention (issue 18 item 4): a deployment keeps an entry's testimonials'
 * personal data RETENTION_MONTHS_AFTER_AWARD months after its award (a
 * deciding outcome recorded by a lead, outcomes/), warns the entry's leads
 * RETENTION_WARNING_DAYS before, then erases every testimonial through
 * erasure's own path (kind `retention`, each one recorded). Both steps are
 * jobs of the durable queue (jobs/), run once: the warning is claimed on the
 * entry's `retention_schedules` row in the transaction that notifies, and an
 * erasure is unique per testimonial, so a job run again after a crash erases
 * only what is left. A later outcome re-plans: a deciding one moves the
 * dates, any other cancels them.
 */
export function createRetention(deps: {
  db: Kysely<Database>;
  config: Pick<ConsentConfig, 'retentionMonthsAfterAward' | 'retentionWarningDays'>;
  notificationCore: {
    notify(executor: Kysely<Database>, input: NotifyInput): Promise<Notified>;
    announce(n: Notified): void;
  };
  events: Pick<EventBus, 'subscribe'>;
  logger: Pick<Logger, 'info' | 'warn'>;
  now?: () => number;
}) {
  const { db, config, logger } = deps;
  const now = deps.now ?? (() => Date.now());
  let wired: { jobs: JobQueue; erasures: RetentionErasures } | null = null;
  let unsubscribe: (() => void) | null = null;

  /** When an award recorded at `awardAt` lets the data go, and when the leads hear of it. */
  function datesOf(awardAt: number, months: number): { eraseAt: number; warnAt: number } {
    const eraseAt = Date.parse(`${addMonthsToIsoDate(utcDate(awardAt), months)}T00:00:00Z`);
    return { eraseAt, warnAt: eraseAt - config.retentionWarningDays * DAY_MS };
  }

  /** Plans (or cancels) the entry's retention jobs from its outcome now; idempotent. */
  async function plan(entryId: string): Promise<void> {
    if (!wired || config.retentionMonthsAfterAward === null) return;
    const { jobs } = wired;
    const keys = retentionKeys(entryId);
    const outcome = await db
      .selectFrom('entry_outcomes')
      .select(['stage', 'recorded_at'])
      .where('entry_id', '=', entryId)
      .executeTakeFirst();
    const schedule = await db
      .selectFrom('retention_schedules')
      .selectAll()
      .where('entry_id', '=', entryId)
      .executeTakeFirst();
    if (schedule?.erased_at) return;
    if (!outcome || !AWARD_DECIDED_STAGES.includes(outcome.stage as OutcomeStage)) {
      await jobs.cancel(keys.warning);
      await jobs.cancel(keys.erasure);
      await db.deleteFrom('retention_schedules').where('entry_id', '=', entryId).execute();
      return;
    }
    // The award is when the first deciding outcome was recorded: a correction of its words keeps it.
    const awardAt = schedule ? Number(schedule.award_at) : Number(outcome.recorded_at);
    const { eraseAt, warnAt } = datesOf(awardAt, config.retentionMonthsAfterAward);
    await db
      .insertInto('retention_schedules')
      .values({ entry_id: entryId, award_at: awardAt, erase_at: eraseAt, warned_at: null, erased_at: null })
      .onConflict((oc) => oc.column('entry_id').doUpdateSet({ award_at: awardAt, erase_at: eraseAt }))
      .execute();
    if (!schedule?.warned_at)
      await jobs.schedule({ kind: RETENTION_WARNING_JOB, key: keys.warning, runAt: warnAt, payload: { entryId } });
    await jobs.schedule({ kind: RETENTION_ERASURE_JOB, key: keys.erasure, runAt: eraseAt, payload: { entryId } });
  }

  /** The warning job: the entry's leads are told once, from Jointly itself. */
  const warn: JobHandler = async (payload) => {
    const entryId = String(payload.entryId);
    const notified = await db.transaction().execute(async (trx) => {
      const schedule = await trx
        .selectFrom('retention_schedules')
        .selectAll()
        .where('entry_id', '=', entryId)
        .executeTakeFirst();
      if (!schedule || schedule.erased_at !== null) return { userIds: [] };
      const claimed = await trx
        .updateTable('retention_schedules')
        .set({ warned_at: now() })
        .where('entry_id', '=', entryId)
        .where('warned_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return { userIds: [] };
      const leads = await trx
        .selectFrom('memberships')
        .select('user_id')
        .where('entry_id', '=', entryId)
        .where('role', '=', 'lead')
        .execute();
      return deps.notificationCore.notify(trx, {
        kind: 'retention_warning',
        entryId,
        recipients: leads.map((l) => l.user_id),
        actorId: SYSTEM_ACTOR_ID,
        ref: utcDate(Number(schedule.erase_at)),
      });
    });
    deps.notificationCore.announce(notified);
  };

  /** The erasure job: every testimonial not yet erased, each through erasure's path and recorded. */
  const erase: JobHandler = async (payload) => {
    if (!wired) throw new Error('retention: erasure is not wired yet');
    const entryId = String(payload.entryId);
    const schedule = await db
      .selectFrom('retention_schedules')
      .selectAll()
      .where('entry_id', '=', entryId)
      .executeTakeFirst();
    // Cancelled (the outcome changed) or not due yet (moved later): nothing now.
    if (!schedule || schedule.erased_at !== null || Number(schedule.erase_at) > now()) return;
    const reason = `The retention period ended: ${config.retentionMonthsAfterAward} months after the award.`;
    for (const itemId of await wired.erasures.unerasedTestimonials(entryId)) {
      try {
        await wired.erasures.erase(entryId, itemId, { kind: 'retention', reason, actor: null });
      } catch (err) {
        // Erased meanwhile (a lead, or an earlier run of this job): the record is there already.
        if (err instanceof HttpError && err.status === 409) continue;
        throw err;
      }
    }
    await db.updateTable('retention_schedules').set({ erased_at: now() }).where('entry_id', '=', entryId).execute();
    logger.info('retention: personal data erased', { entryId });
  };

  return {
    /** Registered on the queue before it starts (deadlines/deadlineReminders.ts). */
    handlers: { [RETENTION_WARNING_JOB]: warn, [RETENTION_ERASURE_JOB]: erase } as Record<string, JobHandler>,
    /** Once the queue and erasure exist: outcomes recorded from now on plan their entry's retention. */
    start(jobs: JobQueue, erasures: RetentionErasures): void {
      wired = { jobs, erasures };
      unsubscribe = deps.events.subscribe('entryChanged', (event) => {
        if (event.kind !== 'outcome') return;
        plan(event.entryId).catch((err) => logger.warn('retention: planning failed', { entryId: event.entryId, err }));
      });
    },
    plan,
    close(): void {
      unsubscribe?.();
    },
  };
}
