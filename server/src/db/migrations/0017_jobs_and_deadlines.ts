import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis, serial, serialKey }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // The embedded job queue (jobs/jobQueue.sqlite.ts). Created on PostgreSQL too, where it stays
      // empty: scaled mode queues in graphile-worker's own schema (jobs/jobQueue.graphile.ts).
      await db.schema
        .createTable('queued_jobs')
        .addColumn('id', serial, serialKey)
        .addColumn('kind', 'text', (c) => c.notNull())
        // Scheduling a key again replaces the pending job: one job per key.
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('run_at', millis, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('locked_at', millis)
        .addColumn('locked_by', 'text')
        .addColumn('last_error', 'text')
        // Set when the last attempt failed: kept for inspection, never claimed again.
        .addColumn('failed_at', millis)
        .addColumn('created_at', millis, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('queued_jobs_due').on('queued_jobs').columns(['failed_at', 'run_at']).execute();

      // An entry's own deadline, the award's where its template has none, and the reminder
      // offsets a lead chose (issue 17 item 2). No row: no deadline of its own, every offset on.
      await db.schema
        .createTable('entry_deadlines')
        .addColumn('entry_id', 'text', (c) => c.primaryKey())
        .addColumn('entry_deadline', millis)
        .addColumn('award_deadline', millis)
        // JSON array of ReminderOffset ('7d', '2d', 'morning').
        .addColumn('reminder_offsets', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', millis, (c) => c.notNull())
        .execute();
      // The reminder jobs scheduled for an entry, so rescheduling can cancel those no longer wanted.
      await db.schema
        .createTable('entry_reminder_jobs')
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('job_key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('entry_reminder_jobs_pk', ['entry_id', 'job_key'])
        .execute();
      // Reminders sent, by job key, written in the transaction of their notifications: a job run
      // again (its process died after the commit, before the queue heard) finds it and sends nothing.
      await db.schema
        .createTable('sent_reminders')
        .addColumn('job_key', 'text', (c) => c.primaryKey())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('recipients', 'integer', (c) => c.notNull())
        .addColumn('sent_at', millis, (c) => c.notNull())
        .execute();
    },
  };
}
