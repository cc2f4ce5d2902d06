import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Who made each suggestion (issue 14 item 3, C-SUGGEST-1): recorded from the connection that
      // first wrote the mark, in the transaction that stores the write. The key makes the first
      // writer's row the only one: a later write of the same id by anyone is not recorded again.
      await db.schema
        .createTable('suggestions')
        .addColumn('entry_id', 'text', (c) => c.notNull().references('entries.id').onDelete('cascade'))
        .addColumn('suggestion_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('section_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('suggestions_pk', ['entry_id', 'suggestion_id', 'kind'])
        .execute();
    },
  };
}
