import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ blob, millis, serial, serialKey }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Review, sign-off and submission (PRODUCT §3 journeys 6–8). Every row is kept: the
      // latest approval or endorsement counts, earlier ones are the history.
      await db.schema
        .createTable('section_approvals')
        .addColumn('id', serial, serialKey)
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('section_id', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('approved_by', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('approved_at', millis, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('section_approvals_entry')
        .on('section_approvals')
        .columns(['entry_id', 'section_id', 'id'])
        .execute();

      await db.schema
        .createTable('endorsements')
        .addColumn('id', serial, serialKey)
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('endorsed_by', 'text', (c) => c.notNull())
        .addColumn('endorsed_at', millis, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('endorsements_entry')
        .on('endorsements')
        .columns(['entry_id', 'organisation_id', 'id'])
        .execute();

      // A submission and the entry's status change commit in one transaction (RELIABILITY J65).
      await db.schema
        .createTable('submissions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('state', blob, (c) => c.notNull())
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('submitted_at', millis, (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addUniqueConstraint('submissions_entry_version', ['entry_id', 'version'])
        .addUniqueConstraint('submissions_entry_idempotency_key', ['entry_id', 'idempotency_key'])
        .execute();

      await db.schema
        .createTable('activity')
        .addColumn('id', serial, serialKey)
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('at', millis, (c) => c.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('actor_organisation_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('activity_entry').on('activity').columns(['entry_id', 'id']).execute();
    },
  };
}
