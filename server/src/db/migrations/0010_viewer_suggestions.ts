import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration(_types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // A lead's choice per entry (issue 14 item 3): viewers may propose changes through the server
      // (C-SUGGEST-5). 0/1 on both databases, off unless a lead turns it on.
      await db.schema
        .alterTable('entries')
        .addColumn('viewers_may_suggest', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
