import { REMINDER_MORNING_HOUR, type ReminderOffset } from '@jointly/shared';

/**
 * Which reminders an entry's deadlines call for, and when (issue 17 item 2).
 * Pure: the deadline service schedules what this plans, the reminder job
 * checks a job it runs is still in the plan, so a changed deadline or due
 * date leaves no stale reminder behind even if a cancel was missed.
 *
 * - `deadline`: the entry's leads, before what the countdown counts down to
 *   (the entry's own deadline, else the award's);
 * - `endorsement`: the leads of each organisation that has not endorsed, at
 *   the same times;
 * - `due_date`: a section's assignees, before its due date (a calendar date,
 *   taken as the morning of that day).
 *
 * "7 days" and "2 days" are that long before the instant (for a due date, the
 * morning 7 or 2 calendar days before); "the morning of" is 08:00 Europe/London
 * on the day, skipped when that is not before the deadline itself.
 */
export type ReminderTarget = 'deadline' | 'endorsement' | 'due_date';

export type ReminderPayload = {
  entryId: string;
  target: ReminderTarget;
  offset: ReminderOffset;
  /** The instant reminded of (ms): the deadline, or the due date's morning. */
  dueAt: number;
  /** For `due_date`: the YYYY-MM-DD date of the sections it is about. */
  dueDate: string | null;
};

export type PlannedReminder = { key: string; runAt: number; payload: ReminderPayload };

/** The job kind of every reminder. */
export const REMINDER_JOB_KIND = 'deadline_reminder';

const DAY_MS = 24 * 60 * 60 * 1000;

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

function londonParts(at: number): { date: string; hour: number } {
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** The calendar date in London of an instant, YYYY-MM-DD. */
export const londonDateOf = (at: number): string => londonParts(at).date;

/** 08:00 in London on a calendar date (GMT or BST, whichever is in force that morning). */
export function londonMorningOf(date: string): number {
  const utcEight = Date.parse(`${date}T${String(REMINDER_MORNING_HOUR).padStart(2, '0')}:00:00Z`);
  // In BST 08:00 London is 07:00 UTC; try both and keep the one London reads as 8 o'clock that day.
  for (const candidate of [utcEight, utcEight - 60 * 60 * 1000]) {
    const local = londonParts(candidate);
    if (local.date === date && local.hour === REMINDER_MORNING_HOUR) return candidate;
  }
  return utcEight;
}

/** A calendar date moved by whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** When an offset's reminder of an instant goes out, or null when there is none. */
export function deadlineReminderAt(offset: ReminderOffset, dueAt: number): number | null {
  if (offset === '7d') return dueAt - 7 * DAY_MS;
  if (offset === '2d') return dueAt - 2 * DAY_MS;
  const morning = londonMorningOf(londonDateOf(dueAt));
  return morning < dueAt ? morning : null;
}

/** When an offset's reminder of a calendar due date goes out. */
export function dueDateReminderAt(offset: ReminderOffset, dueDate: string): number {
  const days = offset === '7d' ? 7 : offset === '2d' ? 2 : 0;
  return londonMorningOf(addDays(dueDate, -days));
}

export const reminderKeyPrefix = (entryId: string) => `reminder:${entryId}:`;

/**
 * Every reminder the entry's state calls for, past ones included (the job
 * checks against this); `planFrom` drops those already past to schedule.
 */
export function planReminders(input: {
  entryId: string;
  countdown: number | null;
  offsets: readonly ReminderOffset[];
  dueDates: readonly string[];
}): PlannedReminder[] {
  const { entryId, countdown, offsets } = input;
  const planned: PlannedReminder[] = [];
  const add = (target: ReminderTarget, offset: ReminderOffset, dueAt: number, dueDate: string | null, runAt: number) =>
    planned.push({
      // The instant is in the key: a changed deadline makes new keys, and the old ones are cancelled.
      key: `${reminderKeyPrefix(entryId)}${target}:${offset}:${dueDate ?? new Date(dueAt).toISOString()}`,
      runAt,
      payload: { entryId, target, offset, dueAt, dueDate },
    });
  for (const offset of offsets) {
    if (countdown !== null) {
      const runAt = deadlineReminderAt(offset, countdown);
      if (runAt !== null) {
        add('deadline', offset, countdown, null, runAt);
        add('endorsement', offset, countdown, null, runAt);
      }
    }
    for (const dueDate of new Set(input.dueDates)) {
      add('due_date', offset, londonMorningOf(dueDate), dueDate, dueDateReminderAt(offset, dueDate));
    }
  }
  return planned.sort((a, b) => a.runAt - b.runAt || a.key.localeCompare(b.key));
}

/** The planned reminders still to come at `now`. */
export const planFrom = (planned: readonly PlannedReminder[], now: number) => planned.filter((p) => p.runAt > now);
