import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ blob, millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Files attached to evidence items and consent records (issue 13). A row per upload; the
      // document cites its id. Rows and blobs are never deleted: a submitted version cites files
      // by id, so whatever it cites must stay (there is no delete and no garbage collection).
      await db.schema
        .createTable('entry_files')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('entry_id', 'text', (c) => c.notNull().references('entries.id').onDelete('cascade'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('size', millis, (c) => c.notNull())
        .addColumn('pages', 'integer')
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_by_organisation', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', millis, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('entry_files_entry').on('entry_files').columns(['entry_id', 'uploaded_at']).execute();

      // Blob bytes in the database (blobStore.kysely.ts, scaled mode): a blob is visible once its
      // file_blobs row exists, which is written in the transaction that wrote its chunks.
      await db.schema
        .createTable('file_blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', millis, (c) => c.notNull())
        .addColumn('chunks', 'integer', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('file_blob_chunks')
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('data', blob, (c) => c.notNull())
        .addPrimaryKeyConstraint('file_blob_chunks_pk', ['sha256', 'seq'])
        .execute();

      // Thumbnails rendered once per blob and kind (a few KiB of PNG); `png` null: none for these bytes.
      await db.schema
        .createTable('file_thumbnails')
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('png', blob)
        .addColumn('created_at', millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('file_thumbnails_pk', ['sha256', 'kind'])
        .execute();
    },
  };
}
