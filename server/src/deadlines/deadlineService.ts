import {
  type EntryDeadlinesBody,
  type EntryDeadlinesDto,
  ErrorCode,
  MAX_DEADLINE_AHEAD_MS,
  REMINDER_OFFSETS,
  type ReminderOffset,
} from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { loadEntry } from '../entries/entryLock.ts';
import type { EntryService } from '../entries/entryService.ts';
import { HttpError } from '../http/HttpError.ts';
import type { JobQueue } from '../jobs/jobQueue.ts';
import type { Logger } from '../logger.ts';
import { planFrom, planReminders, REMINDER_JOB_KIND } from './reminderPlan.ts';

export type DeadlineService = ReturnType<typeof createDeadlineService>;

export type DeadlineDeps = {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise'>;
  jobs: JobQueue;
  logger: Pick<Logger, 'warn'>;
  now?: () => number;
};

/** An entry's deadlines as stored and as its template gives them. */
type Deadlines = {
  entryDeadline: number | null;
  awardDeadline: number | null;
  awardDeadlineSource: 'template' | 'entry' | null;
  offsets: ReminderOffset[];
};

const invalid = (path: string, message: string) =>
  new HttpError(400, ErrorCode.validation, `${path}: ${message}`, [{ path, message }]);

/**
 * Deadlines that drive the work (issue 17 item 2). Every member reads an
 * entry's deadlines; its leads set its own deadline, the award's where the
 * template has none, and which reminders go (7 days, 2 days, the morning of).
 * Each change re-plans the entry's reminder jobs: those no longer wanted are
 * cancelled, the others scheduled under keys that name their date, so
 * scheduling again changes nothing (reminderPlan.ts). Assignment due dates
 * re-plan the same way when a section's assignment changes.
 */
export function createDeadlineService(deps: DeadlineDeps) {
  const { db, entries, jobs, logger } = deps;
  const now = deps.now ?? (() => Date.now());
  /** One re-planning of an entry at a time in this process (another process's is idempotent beside it). */
  const replanning = new Map<string, Promise<void>>();

  async function deadlinesOf(entryId: string, executor: Kysely<Database> = db): Promise<Deadlines> {
    const { template } = await loadEntry(executor, entryId);
    const row = await executor
      .selectFrom('entry_deadlines')
      .selectAll()
      .where('entry_id', '=', entryId)
      .executeTakeFirst();
    const templateDeadline = template.deadline ? Date.parse(template.deadline) : null;
    const stored = row?.award_deadline == null ? null : Number(row.award_deadline);
    const awardDeadline = templateDeadline ?? stored;
    return {
      entryDeadline: row?.entry_deadline == null ? null : Number(row.entry_deadline),
      awardDeadline,
      awardDeadlineSource: templateDeadline !== null ? 'template' : stored !== null ? 'entry' : null,
      offsets: row ? (JSON.parse(row.reminder_offsets) as ReminderOffset[]) : [...REMINDER_OFFSETS],
    };
  }

  /** The instant the countdown and the leads' reminders count down to. */
  const countdownOf = (d: Deadlines) =>
    d.entryDeadline !== null
      ? { at: d.entryDeadline, which: 'entry' as const }
      : d.awardDeadline !== null
        ? { at: d.awardDeadline, which: 'award' as const }
        : null;

  function toDto(d: Deadlines, canEdit: boolean): EntryDeadlinesDto {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const countdown = countdownOf(d);
    return {
      entryDeadline: iso(d.entryDeadline),
      awardDeadline: iso(d.awardDeadline),
      awardDeadlineSource: d.awardDeadlineSource,
      reminderOffsets: REMINDER_OFFSETS.filter((o) => d.offsets.includes(o)),
      countdown: countdown ? { to: new Date(countdown.at).toISOString(), which: countdown.which } : null,
      canEdit,
    };
  }

  async function plan(entryId: string) {
    const d = await deadlinesOf(entryId);
    const dueDates = await db
      .selectFrom('section_assignments')
      .select('due_date')
      .distinct()
      .where('entry_id', '=', entryId)
      .where('due_date', 'is not', null)
      .execute();
    return planReminders({
      entryId,
      countdown: countdownOf(d)?.at ?? null,
      offsets: d.offsets,
      dueDates: dueDates.map((r) => r.due_date as string),
    });
  }

  /** The keys of every reminder the entry calls for now, past ones included (the reminder job checks its own). */
  async function plannedKeys(entryId: string): Promise<Set<string>> {
    return new Set((await plan(entryId)).map((p) => p.key));
  }

  /** Schedules the entry's reminders still to come and cancels the ones it no longer calls for. */
  async function replan(entryId: string): Promise<void> {
    const previous = replanning.get(entryId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const wanted = planFrom(await plan(entryId), now());
      const held = await db
        .selectFrom('entry_reminder_jobs')
        .select('job_key')
        .where('entry_id', '=', entryId)
        .execute();
      const wantedKeys = new Set(wanted.map((p) => p.key));
      for (const { job_key } of held) if (!wantedKeys.has(job_key)) await jobs.cancel(job_key);
      for (const p of wanted)
        await jobs.schedule({ kind: REMINDER_JOB_KIND, key: p.key, runAt: p.runAt, payload: p.payload });
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('entry_reminder_jobs').where('entry_id', '=', entryId).execute();
        if (wanted.length > 0) {
          await trx
            .insertInto('entry_reminder_jobs')
            .values(wanted.map((p) => ({ entry_id: entryId, job_key: p.key })))
            // Another process re-planning the same entry at once (the reminder sweep) writes the same rows.
            .onConflict((oc) => oc.columns(['entry_id', 'job_key']).doNothing())
            .execute();
        }
      });
    });
    const settled = next.catch(() => {});
    replanning.set(entryId, settled);
    void settled.then(() => {
      if (replanning.get(entryId) === settled) replanning.delete(entryId);
    });
    return next;
  }

  /** Re-plans after a change made elsewhere (an assignment's due date); failures are logged, not thrown. */
  function replanQuietly(entryId: string): void {
    replan(entryId).catch((error) =>
      logger.warn('reminders not re-planned', {
        entryId,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }

  async function get(entryId: string, userId: string): Promise<EntryDeadlinesDto> {
    const role = await entries.authorise(entryId, userId, 'read');
    return toDto(await deadlinesOf(entryId), role === 'lead');
  }

  /** A lead's change: 404 for outsiders, 403 for other members, 400 for bad dates, with nothing changed. */
  async function set(entryId: string, userId: string, body: EntryDeadlinesBody): Promise<EntryDeadlinesDto> {
    await entries.authorise(entryId, userId, 'assignSections');
    const current = await deadlinesOf(entryId);
    const at = now();
    const instant = (path: string, value: string | null | undefined): number | null => {
      if (value == null) return null;
      const ms = Date.parse(value);
      if (ms <= at) throw invalid(path, 'Give a date and time still to come');
      if (ms > at + MAX_DEADLINE_AHEAD_MS) throw invalid(path, 'Give a date within the next five years');
      return ms;
    };
    const entryDeadline = instant('entryDeadline', body.entryDeadline);
    if (current.awardDeadlineSource === 'template' && body.awardDeadline != null) {
      throw invalid('awardDeadline', 'This award’s deadline comes from its category and cannot be changed here');
    }
    const awardDeadline =
      current.awardDeadlineSource === 'template' ? null : instant('awardDeadline', body.awardDeadline);
    const awardInForce = current.awardDeadlineSource === 'template' ? current.awardDeadline : awardDeadline;
    if (entryDeadline !== null && awardInForce !== null && entryDeadline > awardInForce) {
      throw invalid('entryDeadline', 'Give a date on or before the award’s deadline');
    }
    const values = {
      entry_deadline: entryDeadline,
      award_deadline: awardDeadline,
      reminder_offsets: JSON.stringify(REMINDER_OFFSETS.filter((o) => body.reminderOffsets.includes(o))),
      updated_by: userId,
      updated_at: at,
    };
    await db
      .insertInto('entry_deadlines')
      .values({ entry_id: entryId, ...values })
      .onConflict((oc) => oc.column('entry_id').doUpdateSet(values))
      .execute();
    await replan(entryId);
    return toDto(await deadlinesOf(entryId), true);
  }

  /** What the dashboard and entry page count down to, for the entry view. */
  async function countdown(entryId: string): Promise<EntryDeadlinesDto['countdown']> {
    const c = countdownOf(await deadlinesOf(entryId));
    return c ? { to: new Date(c.at).toISOString(), which: c.which } : null;
  }

  return { get, set, replan, replanQuietly, plannedKeys, countdown };
}
