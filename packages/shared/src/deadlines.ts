import { z } from 'zod';

/**
 * Deadlines that drive the work (issue 17 item 2): an entry's own deadline,
 * the award's where its template has none, and the reminders a lead chose.
 */

/** When reminders go, before a deadline or a section's due date. */
export const REMINDER_OFFSETS = ['7d', '2d', 'morning'] as const;
export type ReminderOffset = (typeof REMINDER_OFFSETS)[number];

export const REMINDER_OFFSET_LABELS: Record<ReminderOffset, string> = {
  '7d': '7 days before',
  '2d': '2 days before',
  morning: 'On the morning of the day (8am UK time)',
};

/** The local time "the morning of" means, in Europe/London. */
export const REMINDER_MORNING_HOUR = 8;

/** GET and PUT /api/entries/:id/deadlines. */
export type EntryDeadlinesDto = {
  /** The entry's own deadline (the partners' date, before the award's), or null. */
  entryDeadline: string | null;
  /** The award's deadline: the template's, else the one a lead set, else null. */
  awardDeadline: string | null;
  /** Where the award's deadline comes from: its template (then leads cannot change it), a lead, or nowhere. */
  awardDeadlineSource: 'template' | 'entry' | null;
  reminderOffsets: ReminderOffset[];
  /** What the countdown counts down to: the entry's own deadline, else the award's. */
  countdown: { to: string; which: 'entry' | 'award' } | null;
  /** Whether the caller may change them (a lead). */
  canEdit: boolean;
};

/** An instant with its offset, e.g. 2027-03-01T17:00:00Z or 2027-03-01T17:00:00+00:00. */
const instant = z.iso.datetime({ offset: true, message: 'Give a date and time, e.g. 2027-03-01T17:00:00Z' });

/**
 * PUT /api/entries/:id/deadlines. `awardDeadline` only where the template has none (else it must
 * be absent or null). The server also refuses a time already past or more than five years ahead,
 * and an entry deadline after the award's.
 */
export const entryDeadlinesBody = z.strictObject({
  entryDeadline: instant.nullable(),
  awardDeadline: instant.nullable().optional(),
  reminderOffsets: z
    .array(z.enum(REMINDER_OFFSETS))
    .max(REMINDER_OFFSETS.length)
    .refine((offsets) => new Set(offsets).size === offsets.length, 'Give each reminder once'),
});
export type EntryDeadlinesBody = z.input<typeof entryDeadlinesBody>;

/** The latest deadline a lead may set, from now. */
export const MAX_DEADLINE_AHEAD_MS = 5 * 366 * 24 * 60 * 60 * 1000;

/** What a reminder notification's `ref` holds: the offset and the instant it reminds of. */
export function reminderRef(offset: ReminderOffset, dueAt: number): string {
  return `${offset}|${new Date(dueAt).toISOString()}`;
}

export function parseReminderRef(ref: string | null): { offset: ReminderOffset; dueAt: string } | null {
  const [offset, dueAt] = (ref ?? '').split('|');
  if (!offset || !dueAt || !(REMINDER_OFFSETS as readonly string[]).includes(offset)) return null;
  return { offset: offset as ReminderOffset, dueAt };
}
