import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // The finalist stage (issue 17 item 4): a lead's time limit and pace, one row per entry.
      await db.schema
        .createTable('finalist_stages')
        .addColumn('entry_id', 'text', (c) => c.primaryKey().references('entries.id').onDelete('cascade'))
        .addColumn('time_limit_minutes', 'integer', (c) => c.notNull())
        .addColumn('words_per_minute', 'integer', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', millis, (c) => c.notNull())
        .execute();
      // The presenters a lead chose, in the order chosen; members of the entry when chosen.
      await db.schema
        .createTable('finalist_presenters')
        .addColumn('entry_id', 'text', (c) => c.notNull().references('entries.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('finalist_presenters_pk', ['entry_id', 'user_id'])
        .execute();
      // Rehearsal notes: dated, kept with who wrote them and for which organisation.
      await db.schema
        .createTable('rehearsal_notes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('entry_id', 'text', (c) => c.notNull().references('entries.id').onDelete('cascade'))
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('author_organisation_id', 'text', (c) => c.notNull())
        .addColumn('rehearsed_on', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rehearsal_notes_entry').on('rehearsal_notes').columns(['entry_id']).execute();
    },
  };
}
