import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // TOTP per account (issue 15). A row with no `enabled_at` is an enrolment not yet confirmed.
      // `last_used_step` is the 30-second step of the last code accepted: a code is taken only for
      // a later step, so one seen over a shoulder or replayed cannot be used again.
      await db.schema
        .createTable('two_factor')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('enabled_at', millis)
        .addColumn('last_used_step', millis)
        .addColumn('created_at', millis, (c) => c.notNull())
        .execute();
      // Only the SHA-256 of each recovery code (they carry 50 random bits); a used one is deleted.
      await db.schema
        .createTable('two_factor_recovery_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('two_factor_recovery_codes_user')
        .on('two_factor_recovery_codes')
        .column('user_id')
        .execute();
      // A sign-in waiting for its second step: the cookie holds `<id>.<secret>`, the row its hash.
      await db.schema
        .createTable('pending_logins')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('expires_at', millis, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('pending_logins_user').on('pending_logins').column('user_id').execute();
    },
  };
}
