import { type Kysely, type Migration, sql } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ blob, millis, serial, serialKey }: ColumnTypes): Migration {
  const postgres = blob === 'bytea';
  return {
    async up(db: Kysely<unknown>) {
      // The organisation audit log (issue 15): only inserted into, never updated or deleted, and
      // with no foreign keys, so deleting an account or anything else keeps its records.
      await db.schema
        .createTable('audit_log')
        .addColumn('id', serial, serialKey)
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('subject_user_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('created_at', millis, (c) => c.notNull())
        .execute();
      // An organisation's log, newest first, a page at a time (id < cursor).
      await db.schema
        .createIndex('audit_log_organisation')
        .on('audit_log')
        .columns(['organisation_id', 'id'])
        .execute();
      // Failed sign-ins recorded per account are counted from here (audit/auditLog.ts).
      await db.schema
        .createIndex('audit_log_subject')
        .on('audit_log')
        .columns(['subject_user_id', 'action', 'created_at'])
        .execute();
      // Append-only in the database itself, not only by having no route that changes it: an update
      // or delete of a record fails whatever code or tool sends it.
      if (postgres) {
        await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
          begin raise exception 'audit_log is append-only'; end $$`.execute(db);
        await sql`create trigger audit_log_append_only before update or delete or truncate on audit_log
          for each statement execute function audit_log_append_only()`.execute(db);
      } else {
        for (const event of ['update', 'delete']) {
          await sql`${sql.raw(`create trigger audit_log_no_${event} before ${event} on audit_log`)}
            begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
        }
      }

      // How each session signed in: single sign-on sessions meet an organisation's two-factor
      // requirement through the provider (mfa/). Older sessions stay null (password).
      await db.schema.alterTable('sessions').addColumn('sign_in_method', 'text').execute();
    },
  };
}
