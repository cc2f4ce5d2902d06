import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Reuse (issue 17 item 3): where an item copied from another entry was first contributed,
      // recorded by the server as it copies (provenance is the server's, never the document's).
      await db.schema
        .createTable('item_origins')
        .addColumn('entry_id', 'text', (c) => c.notNull().references('entries.id').onDelete('cascade'))
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('collection', 'text', (c) => c.notNull())
        .addColumn('origin_entry_id', 'text', (c) => c.notNull())
        .addColumn('origin_entry_title', 'text', (c) => c.notNull())
        .addColumn('contributed_by', 'text')
        .addColumn('contributed_by_organisation_id', 'text')
        .addColumn('contributed_by_organisation_name', 'text')
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('copied_by', 'text', (c) => c.notNull())
        .addColumn('copied_by_organisation_id', 'text', (c) => c.notNull())
        .addColumn('copied_at', millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('item_origins_pk', ['entry_id', 'item_id'])
        .execute();
      // Where each item has been used (the library, later): by the entry it came from.
      await db.schema.createIndex('item_origins_by_origin').on('item_origins').column('origin_entry_id').execute();
      // The organisation's library (issue 17 item 3): approved testimonials and evidence kept for
      // reuse, their files (the same stored bytes) and every entry each has been added to.
      await db.schema
        .createTable('library_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('collection', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('source_entry_id', 'text', (c) => c.notNull())
        .addColumn('source_item_id', 'text', (c) => c.notNull())
        .addColumn('source_entry_title', 'text', (c) => c.notNull())
        .addColumn('contributed_by', 'text')
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addColumn('added_at', millis, (c) => c.notNull())
        .addUniqueConstraint('library_items_source_unique', ['organisation_id', 'source_entry_id', 'source_item_id'])
        .execute();
      await db.schema
        .createTable('library_item_files')
        .addColumn('library_item_id', 'text', (c) => c.notNull().references('library_items.id').onDelete('cascade'))
        .addColumn('file_id', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('size', millis, (c) => c.notNull())
        .addColumn('pages', 'integer')
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_by_organisation', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('library_item_files_pk', ['library_item_id', 'file_id'])
        .execute();
      await db.schema
        .createTable('library_item_uses')
        .addColumn('library_item_id', 'text', (c) => c.notNull().references('library_items.id').onDelete('cascade'))
        .addColumn('entry_id', 'text', (c) => c.notNull().references('entries.id').onDelete('cascade'))
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('used_by', 'text', (c) => c.notNull())
        .addColumn('used_at', millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('library_item_uses_pk', ['library_item_id', 'entry_id', 'item_id'])
        .execute();
    },
  };
}
