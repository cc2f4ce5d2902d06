import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration(_types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // The text a comment thread is about (issue 14 item 2): two Yjs relative positions into the
      // section's fragment (base64 of Y.encodeRelativePosition) and the words quoted when it was
      // written. A table of its own, one row per anchored thread, so section-level threads and
      // replies keep their rows as they are. Stored as sent once checked; never rewritten.
      await db.schema
        .createTable('comment_anchors')
        .addColumn('comment_id', 'text', (c) => c.primaryKey())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('start_position', 'text', (c) => c.notNull())
        .addColumn('end_position', 'text', (c) => c.notNull())
        .addColumn('quote', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
