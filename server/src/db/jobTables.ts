import type { Generated } from 'kysely';

/**
 * The embedded job queue and entry deadlines (issue 17 item 2, migration 0017), kept beside
 * schema.ts (which lists them in `Database`) so that file stays within the size limit.
 */
export type QueuedJobTable = {
  id: Generated<number>;
  kind: string;
  /** Unique: scheduling a key again replaces the pending job. */
  key: string;
  /** JSON. */
  payload: string;
  run_at: number;
  attempts: number;
  max_attempts: number;
  locked_at: number | null;
  locked_by: string | null;
  last_error: string | null;
  failed_at: number | null;
  created_at: number;
};

export type EntryDeadlineTable = {
  entry_id: string;
  entry_deadline: number | null;
  /** Only when the entry's template has no deadline. */
  award_deadline: number | null;
  /** JSON ReminderOffset[]. */
  reminder_offsets: string;
  updated_by: string;
  updated_at: number;
};

export type EntryReminderJobTable = { entry_id: string; job_key: string };

export type SentReminderTable = { job_key: string; entry_id: string; recipients: number; sent_at: number };
