import { type NotificationKind, reminderRef, SYSTEM_ACTOR_ID } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import type { Notified } from '../notifications/notifyMembers.ts';
import { notifyMembers } from '../notifications/notifyMembers.ts';
import type { ReminderPayload } from './reminderPlan.ts';

export type ReminderJobDeps = {
  db: Kysely<Database>;
  /** The entry's reminders as planned now (deadlineService.ts): a job no longer in it is stale. */
  plannedKeys: (entryId: string) => Promise<Set<string>>;
  /** Organisations whose endorsement is current (the sign-off view). */
  endorsedOrganisations: (entryId: string) => Promise<Set<string>>;
  /** Bells are told once the rows are committed. */
  announce: (notified: Notified) => void;
  logger: Pick<Logger, 'info'>;
  now?: () => number;
};

const KIND_OF: Record<ReminderPayload['target'], NotificationKind> = {
  deadline: 'deadline_reminder',
  endorsement: 'endorsement_reminder',
  due_date: 'due_date_reminder',
};

/**
 * Sends one reminder (a job of REMINDER_JOB_KIND) through the notifications:
 * the bell at once, the e-mail digest after it. Exactly once per job key,
 * whichever process runs it and however often: the key goes into
 * `sent_reminders` in the transaction that writes the notifications, so a run
 * after a crash (the queue delivers at least once) finds it and sends nothing.
 * Recipients are read when it runs, not when it was scheduled: the leads now,
 * the organisations not endorsed now, the assignees now. Nothing is sent for
 * a submitted entry, or for a job whose deadline or due date has changed since.
 */
export function createReminderJob(deps: ReminderJobDeps) {
  const { db, logger } = deps;
  const now = deps.now ?? (() => Date.now());

  async function recipients(
    trx: Kysely<Database>,
    p: ReminderPayload,
    endorsed: ReadonlySet<string>,
  ): Promise<{ sectionId: string | null; userIds: string[] }[]> {
    if (p.target === 'deadline') {
      const leads = await trx
        .selectFrom('memberships')
        .select('user_id')
        .where('entry_id', '=', p.entryId)
        .where('role', '=', 'lead')
        .execute();
      return [{ sectionId: null, userIds: leads.map((m) => m.user_id) }];
    }
    if (p.target === 'endorsement') {
      // An organisation's leads endorse for it (PRODUCT §4): they are the ones reminded.
      const leads = await trx
        .selectFrom('memberships')
        .select(['user_id', 'organisation_id'])
        .where('entry_id', '=', p.entryId)
        .where('role', '=', 'lead')
        .execute();
      return [
        { sectionId: null, userIds: leads.filter((m) => !endorsed.has(m.organisation_id)).map((m) => m.user_id) },
      ];
    }
    const assignees = await trx
      .selectFrom('section_assignments')
      .innerJoin('section_assignees', (join) =>
        join
          .onRef('section_assignees.entry_id', '=', 'section_assignments.entry_id')
          .onRef('section_assignees.section_id', '=', 'section_assignments.section_id'),
      )
      .select(['section_assignments.section_id as sectionId', 'section_assignees.user_id as userId'])
      .where('section_assignments.entry_id', '=', p.entryId)
      .where('section_assignments.due_date', '=', p.dueDate)
      .execute();
    const bySection = new Map<string, string[]>();
    for (const row of assignees) bySection.set(row.sectionId, [...(bySection.get(row.sectionId) ?? []), row.userId]);
    return [...bySection].map(([sectionId, userIds]) => ({ sectionId, userIds }));
  }

  /** The job handler. */
  async function run(payload: Record<string, unknown>, job: { key: string }): Promise<void> {
    const p = payload as ReminderPayload;
    const entry = await db.selectFrom('entries').select('status').where('id', '=', p.entryId).executeTakeFirst();
    if (entry?.status !== 'draft') return;
    if (!(await deps.plannedKeys(p.entryId)).has(job.key)) {
      logger.info('reminder skipped: its date changed', { key: job.key });
      return;
    }
    // Read before the transaction: on SQLite's one connection a read beside it would wait for it.
    const endorsed = p.target === 'endorsement' ? await deps.endorsedOrganisations(p.entryId) : new Set<string>();
    const notified = await db.transaction().execute(async (trx) => {
      const groups = await recipients(trx, p, endorsed);
      const claimed = await trx
        .insertInto('sent_reminders')
        .values({
          job_key: job.key,
          entry_id: p.entryId,
          recipients: groups.reduce((n, g) => n + g.userIds.length, 0),
          sent_at: now(),
        })
        .onConflict((oc) => oc.column('job_key').doNothing())
        .executeTakeFirst();
      // Already sent by an earlier run of this job: nothing more.
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return { userIds: [] };
      const userIds: string[] = [];
      for (const group of groups) {
        const sent = await notifyMembers(
          trx,
          {
            kind: KIND_OF[p.target],
            entryId: p.entryId,
            sectionId: group.sectionId,
            recipients: group.userIds,
            actorId: SYSTEM_ACTOR_ID,
            ref: reminderRef(p.offset, p.dueAt),
          },
          now(),
        );
        userIds.push(...sent.userIds);
      }
      return { userIds: [...new Set(userIds)] };
    });
    deps.announce(notified);
  }

  return { run };
}
