import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Exhibit numbers (E1, E2, …) per entry, assigned by the store in the transaction that
      // records an item's creation (C-PROV-3); the constraints make a duplicate impossible.
      await db.schema
        .createTable('exhibit_labels')
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('collection', 'text', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .addUniqueConstraint('exhibit_labels_entry_number', ['entry_id', 'number'])
        .addUniqueConstraint('exhibit_labels_entry_item', ['entry_id', 'item_id'])
        .execute();
    },
  };
}
