import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One row per recipient (issue 14 item 5). `email_claim` is set by the one process that
      // takes the row into a digest (an UPDATE … WHERE email_claim IS NULL), so no two send it.
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('section_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('ref', 'text')
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('read_at', millis)
        .addColumn('email_claim', 'text')
        .addColumn('emailed_at', millis)
        .execute();
      await db.schema
        .createIndex('notifications_user_created')
        .on('notifications')
        .columns(['user_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('notifications_unclaimed')
        .on('notifications')
        .columns(['email_claim', 'read_at', 'created_at'])
        .execute();
      // When each person's last digest went out: the claim on this row keeps one digest per interval.
      await db.schema
        .createTable('notification_digests')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('last_sent_at', millis, (c) => c.notNull())
        .execute();
      // E-mail kinds a person switched off (JSON string[]); absent row: every kind on.
      await db.schema
        .createTable('notification_settings')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('email_off', 'text', (c) => c.notNull())
        .addColumn('updated_at', millis, (c) => c.notNull())
        .execute();
      // Unsubscribe links carry a secret; only its SHA-256 is kept (as invitations and sessions).
      await db.schema
        .createTable('unsubscribe_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .execute();
      // "Ready for review" (issue 14 item 6): at most one open request per section; approving clears it.
      await db.schema
        .createTable('review_requests')
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('section_id', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_at', millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('review_requests_pk', ['entry_id', 'section_id'])
        .execute();
    },
  };
}
