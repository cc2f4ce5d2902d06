import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Issue 15: an address is verified by a link sent to it (or by accepting an invitation sent
      // to it); a deleted account keeps its row, renamed, so what it did stays attributed.
      await db.schema.alterTable('users').addColumn('email_verified_at', millis).execute();
      await db.schema.alterTable('users').addColumn('deleted_at', millis).execute();
      // Single-use links e-mailed for password reset, address verification and email change. Only a
      // SHA-256 of the token is stored: a leaked table cannot be replayed as links.
      await db.schema
        .createTable('account_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        // The address the link was sent to: a verification or email change proves this one only.
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .addColumn('expires_at', millis, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('account_tokens_user').on('account_tokens').columns(['user_id', 'purpose']).execute();
    },
  };
}
