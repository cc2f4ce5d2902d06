import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // After submitting (issue 17 item 4): what became of an entry on the award's own portal and
      // the judges' feedback. One row per entry, replaced by each recording (the activity feed keeps
      // the earlier ones); removed with the entry.
      await db.schema
        .createTable('entry_outcomes')
        .addColumn('entry_id', 'text', (c) => c.primaryKey().references('entries.id').onDelete('cascade'))
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('portal_submitted_on', 'text')
        .addColumn('feedback', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_by_organisation_id', 'text', (c) => c.notNull())
        .addColumn('recorded_at', millis, (c) => c.notNull())
        .execute();
      // Issue 17 item 5: a lead's choice that every export's footer says "NOT FOR PUBLICATION".
      await db.schema
        .alterTable('entries')
        .addColumn('not_for_publication', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
