import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ blob, millis, serial, serialKey }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Draft history (issue 14 item 4): automatic, named and restore versions of a section, each the
      // encoded state of a small Yjs document holding only that section. Approvals and submissions are
      // read from their own tables, not copied here.
      await db.schema
        .createTable('section_versions')
        .addColumn('id', serial, serialKey)
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('section_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('restored_from', 'text')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('words', 'integer', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('state', blob, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('section_versions_entry_section')
        .on('section_versions')
        .columns(['entry_id', 'section_id', 'id'])
        .execute();
    },
  };
}
