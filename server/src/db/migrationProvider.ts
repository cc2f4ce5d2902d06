import type { Kysely, Migration, MigrationProvider } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Schema migrations, in order. Each is written once for both dialects; the
 * few column types that differ are chosen by `dialect`. Kysely's migrator
 * takes a lock (an advisory lock on PostgreSQL), so several processes
 * starting at once run each migration exactly once.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';

  return {
    '0001_foundation': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('organisations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_key', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('created_at', millis, (c) => c.notNull())
          .addUniqueConstraint('organisations_name_kind', ['name_key', 'kind'])
          .execute();

        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('created_at', millis, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('secret_hash', blob, (c) => c.notNull())
          .addColumn('created_at', millis, (c) => c.notNull())
          .addColumn('last_active_at', millis, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

        await db.schema
          .createTable('entries')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('category_id', 'text', (c) => c.notNull())
          .addColumn('lead_organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at', millis, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('memberships')
          .addColumn('entry_id', 'text', (c) => c.notNull().references('entries.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_at', millis, (c) => c.notNull())
          .addPrimaryKeyConstraint('memberships_pk', ['entry_id', 'user_id'])
          .execute();
        await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

        await db.schema
          .createTable('invitations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('entry_id', 'text', (c) => c.notNull().references('entries.id').onDelete('cascade'))
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('token_hash', blob, (c) => c.notNull().unique())
          .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', millis, (c) => c.notNull())
          .addColumn('expires_at', millis, (c) => c.notNull())
          .addColumn('accepted_at', millis)
          .addColumn('accepted_by', 'text', (c) => c.references('users.id'))
          .addColumn('revoked_at', millis)
          .execute();
        await db.schema.createIndex('invitations_entry').on('invitations').column('entry_id').execute();

        await db.schema
          .createTable('doc_snapshots')
          .addColumn('entry_id', 'text', (c) => c.primaryKey())
          .addColumn('state', blob, (c) => c.notNull())
          .addColumn('last_update_id', millis, (c) => c.notNull())
          .addColumn('updated_at', millis, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('doc_updates')
          .addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('entry_id', 'text', (c) => c.notNull())
          .addColumn('data', blob, (c) => c.notNull())
          .addColumn('created_at', millis, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('doc_updates_entry').on('doc_updates').columns(['entry_id', 'id']).execute();

        await db.schema
          .createTable('doc_clients')
          .addColumn('entry_id', 'text', (c) => c.notNull())
          .addColumn('client_id', millis, (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('created_at', millis, (c) => c.notNull())
          .addPrimaryKeyConstraint('doc_clients_pk', ['entry_id', 'client_id'])
          .execute();

        await db.schema
          .createTable('contributions')
          .addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('entry_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('organisation_id', 'text', (c) => c.notNull())
          .addColumn('sections', 'text', (c) => c.notNull())
          .addColumn('items', 'text', (c) => c.notNull())
          .addColumn('created_at', millis, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('contributions_entry').on('contributions').columns(['entry_id', 'id']).execute();
      },
    },

    '0002_exhibit_labels': {
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
    },

    '0003_signoff': {
      async up(db: Kysely<unknown>) {
        // Review, sign-off and submission (PRODUCT §3 journeys 6–8). Every row is kept: the
        // latest approval or endorsement counts, earlier ones are the history.
        await db.schema
          .createTable('section_approvals')
          .addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
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
          .addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
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
          .addColumn('id', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('entry_id', 'text', (c) => c.notNull())
          .addColumn('at', millis, (c) => c.notNull())
          .addColumn('actor_user_id', 'text')
          .addColumn('actor_organisation_id', 'text')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('activity_entry').on('activity').columns(['entry_id', 'id']).execute();
      },
    },

    '0004_comments_assignments': {
      async up(db: Kysely<unknown>) {
        // Section assignments (PRODUCT §3 journey 6): one row per assigned section, its due date a
        // UTC calendar date; the assignees beside it. Removing a member leaves their rows, which
        // reads ignore (assignees are joined with current memberships).
        await db.schema
          .createTable('section_assignments')
          .addColumn('entry_id', 'text', (c) => c.notNull())
          .addColumn('section_id', 'text', (c) => c.notNull())
          .addColumn('due_date', 'text')
          .addColumn('assigned_by', 'text', (c) => c.notNull())
          .addColumn('assigned_at', millis, (c) => c.notNull())
          .addPrimaryKeyConstraint('section_assignments_pk', ['entry_id', 'section_id'])
          .execute();
        await db.schema
          .createTable('section_assignees')
          .addColumn('entry_id', 'text', (c) => c.notNull())
          .addColumn('section_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('section_assignees_pk', ['entry_id', 'section_id', 'user_id'])
          .execute();

        // Comments on a section: a thread is a row without thread_id, its replies point at it.
        await db.schema
          .createTable('comments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('entry_id', 'text', (c) => c.notNull())
          .addColumn('section_id', 'text', (c) => c.notNull())
          .addColumn('thread_id', 'text')
          .addColumn('author_id', 'text', (c) => c.notNull())
          .addColumn('organisation_id', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('mentions', 'text', (c) => c.notNull())
          .addColumn('created_at', millis, (c) => c.notNull())
          .addColumn('resolved_at', millis)
          .addColumn('resolved_by', 'text')
          .addColumn('resolved_by_organisation_id', 'text')
          .execute();
        await db.schema
          .createIndex('comments_entry_section')
          .on('comments')
          .columns(['entry_id', 'section_id', 'created_at'])
          .execute();
      },
    },

    '0005_entry_files': {
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
        await db.schema
          .createIndex('entry_files_entry')
          .on('entry_files')
          .columns(['entry_id', 'uploaded_at'])
          .execute();

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
    },
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
