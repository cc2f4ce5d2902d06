import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Section assignments (PRODUCT §3 journey 6): one row per assigned section, its due date a
      // UTC calendar date; the assignees beside it. Removing a member leaves their rows, which
      // reads ignore (assignees are joined with current memberships).
      await db.schema
        .createTable('section_assignments')
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('section_id', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text')
        .addColumn('assigned_by', 'text', (c) => c.notNull())
        .addColumn('assigned_at', millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('section_assignments_pk', ['entry_id', 'section_id'])
        .execute();
      await db.schema
        .createTable('section_assignees')
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('section_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('section_assignees_pk', ['entry_id', 'section_id', 'user_id'])
        .execute();

      // Comments on a section: a thread is a row without thread_id, its replies point at it.
      await db.schema
        .createTable('comments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('section_id', 'text', (c) => c.notNull())
        .addColumn('thread_id', 'text')
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('mentions', 'text', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('resolved_at', millis)
        .addColumn('resolved_by', 'text')
        .addColumn('resolved_by_organisation_id', 'text')
        .execute();
      await db.schema
        .createIndex('comments_entry_section')
        .on('comments')
        .columns(['entry_id', 'section_id', 'created_at'])
        .execute();
    },
  };
}
