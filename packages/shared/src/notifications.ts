import { z } from 'zod';
import type { ActorDto } from './apiTypes.ts';
import { parseReminderRef } from './deadlines.ts';
import { formatUkDateOfInstant } from './formatUkDate.ts';

/**
 * Notifications and "My tasks" (issue 14 items 5 and 6): what waits for one
 * person. A notification is one row per recipient, never to the actor
 * themself, only to current members of the entry.
 */
export const NOTIFICATION_KINDS = [
  'mention',
  'comment',
  'reply',
  'assignment',
  'approval_requested',
  'suggestion',
  'consent_withdrawn',
  'personal_data_erased',
  'retention_warning',
  'deadline_reminder',
  'due_date_reminder',
  'endorsement_reminder',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Words for each kind, shared by the tasks page, the settings and the digest e-mail. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  mention: 'Mentions of you in comments',
  comment: 'Comments on sections assigned to you',
  reply: 'Replies in threads you are part of',
  assignment: 'Sections assigned to you',
  approval_requested: 'Sections ready for your review (leads)',
  suggestion: 'Suggested changes to text you wrote',
  consent_withdrawn: 'Consent withdrawn for a testimonial in an entry you lead',
  personal_data_erased: 'A person’s data erased from an entry you lead',
  retention_warning: 'Warnings before an entry’s personal data is erased at the end of its retention period (leads)',
  deadline_reminder: 'Reminders before an entry’s deadline (leads)',
  due_date_reminder: 'Reminders before sections assigned to you are due',
  endorsement_reminder: 'Reminders to endorse before the deadline (your organisation’s leads)',
};

/** Kinds sent by Jointly itself (deadlines/): their actor is no person. */
export const REMINDER_KINDS: readonly NotificationKind[] = [
  'retention_warning',
  'deadline_reminder',
  'due_date_reminder',
  'endorsement_reminder',
];

/** The actor id of the notifications Jointly sends itself (reminders): never a user's id. */
export const SYSTEM_ACTOR_ID = 'jointly';

export type NotificationDto = {
  id: string;
  kind: NotificationKind;
  entry: { id: string; title: string };
  /** The section it is about, when any, with its title from the entry's template. */
  section: { id: string; title: string } | null;
  /** Who did it (the 'Former user' fallback when they no longer exist). */
  actor: ActorDto;
  /** The comment or thread id it is about, when any. */
  ref: string | null;
  /** Where it happens: a path of the app (entry page with the section's anchor). */
  href: string;
  createdAt: string;
  readAt: string | null;
};

/** GET /api/notifications */
export type NotificationListDto = { unread: number; notifications: NotificationDto[] };

/** Computed tasks (GET /api/tasks): not rows, read from assignments, review requests and endorsements. */
export type TaskDto =
  | {
      kind: 'assignment_due';
      entry: { id: string; title: string };
      section: { id: string; title: string };
      dueDate: string;
      /** 'overdue' past its date, 'due' on it or within the next 7 days. */
      state: 'due' | 'overdue';
      href: string;
    }
  | {
      kind: 'review_requested';
      entry: { id: string; title: string };
      section: { id: string; title: string };
      requestedBy: ActorDto;
      requestedAt: string;
      href: string;
    }
  | {
      kind: 'endorsement_needed';
      entry: { id: string; title: string };
      organisation: { id: string; name: string };
      href: string;
    }
  | {
      /** For an organisation's admins: people waiting for them to confirm their membership (issue 15). */
      kind: 'members_to_confirm';
      organisation: { id: string; name: string };
      count: number;
      href: string;
    };

export type TasksDto = { tasks: TaskDto[] };

export type NotificationSettingsDto = { emailOff: NotificationKind[] };

/** A section's open "ready for review" request, on SectionDto (GET /api/entries/:id). */
export type ReviewRequestDto = { requestedBy: ActorDto; requestedAt: string };

/** Most ids one mark-read call takes. */
export const MAX_MARK_READ_IDS = 200;

const notificationId = z.string().regex(/^[a-z0-9]{1,64}$/, 'Not a valid id');

/** POST /api/notifications/read: some ids, or all of them. */
export const markReadBody = z.union([
  z.strictObject({
    ids: z.array(notificationId).min(1).max(MAX_MARK_READ_IDS, `Mark at most ${MAX_MARK_READ_IDS} at once`),
  }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkReadBody = z.input<typeof markReadBody>;

/** PUT /api/notifications/settings */
export const notificationSettingsBody = z.strictObject({
  emailOff: z.array(z.enum(NOTIFICATION_KINDS)).max(NOTIFICATION_KINDS.length),
});
export type NotificationSettingsBody = z.input<typeof notificationSettingsBody>;

/** The `kind` query of an unsubscribe link: one kind, or every kind when absent. */
export const unsubscribeKindQuery = z.enum(NOTIFICATION_KINDS).optional();

/** An unsubscribe link's secret: 32 lower-case base32 characters (160 bits). */
export const UNSUBSCRIBE_TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/** The event name of the notifications stream (text/event-stream). */
export const NOTIFICATIONS_STREAM_EVENT = 'notifications';

/** One line saying what happened, for the tasks page and the digest e-mail alike. */
export function notificationSentence(n: {
  kind: NotificationKind;
  actorName: string;
  sectionTitle: string | null;
  entryTitle: string;
  /** The notification's ref: reminders say from it when the date is. */
  ref?: string | null;
}): string {
  const reminder = parseReminderRef(n.ref ?? null);
  const when = reminder
    ? `${reminder.offset === 'morning' ? 'today' : `in ${reminder.offset === '7d' ? 7 : 2} days`} (${formatUkDateOfInstant(reminder.dueAt)})`
    : 'soon';
  const where = n.sectionTitle ? `“${n.sectionTitle}” in “${n.entryTitle}”` : `“${n.entryTitle}”`;
  switch (n.kind) {
    case 'mention':
      return `${n.actorName} mentioned you in a comment on ${where}`;
    case 'comment':
      return `${n.actorName} commented on ${where}, assigned to you`;
    case 'reply':
      return `${n.actorName} replied in a thread on ${where}`;
    case 'assignment':
      return `${n.actorName} assigned you ${where}`;
    case 'approval_requested':
      return `${n.actorName} asked for approval of ${where}`;
    case 'suggestion':
      return `${n.actorName} suggested a change to your text in ${where}`;
    case 'consent_withdrawn':
      return `${n.actorName} withdrew a consent used by a testimonial in ${where}`;
    case 'personal_data_erased':
      return `${n.actorName} erased a person’s data from a testimonial in ${where}`;
    case 'retention_warning': {
      // The ref is the day the personal data goes (YYYY-MM-DD).
      const on =
        n.ref && /^\d{4}-\d{2}-\d{2}$/.test(n.ref) ? ` on ${formatUkDateOfInstant(Date.parse(n.ref))}` : ' soon';
      return `The retention period of “${n.entryTitle}” ends${on}: its testimonials’ personal data will then be erased`;
    }
    case 'deadline_reminder':
      return `Reminder: “${n.entryTitle}” is due ${when}`;
    case 'due_date_reminder':
      return `Reminder: ${where}, assigned to you, is due ${when}`;
    case 'endorsement_reminder':
      return `Reminder: your organisation has not endorsed “${n.entryTitle}”, due ${when}`;
  }
}
