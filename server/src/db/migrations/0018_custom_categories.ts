import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Custom categories (issue 17 item 1): one row per category an organisation made, with what
      // changes (its current version, whether its partners may use it)…
      await db.schema
        .createTable('custom_categories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner_organisation_id', 'text', (c) => c.notNull())
        .addColumn('current_version_id', 'text', (c) => c.notNull())
        .addColumn('current_version', 'integer', (c) => c.notNull())
        .addColumn('shared_with_partners', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('updated_at', millis, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('custom_categories_owner')
        .on('custom_categories')
        .column('owner_organisation_id')
        .execute();
      // …and one row per version, never changed once written: an entry keeps the version it was made
      // on (its id is the entry's category_id), so every process may cache a version by its id.
      await db.schema
        .createTable('custom_category_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('category_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('template', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .addUniqueConstraint('custom_category_versions_number', ['category_id', 'version'])
        .execute();
    },
  };
}
