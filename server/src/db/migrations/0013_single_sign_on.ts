import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './columnTypes.ts';

export default function migration({ millis }: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // An account's identity at an OpenID Connect provider (issue 15): the provider's issuer and its
      // never-reassigned subject, not the email, which people and tenants can change.
      await db.schema
        .createTable('sso_identities')
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('created_at', millis, (c) => c.notNull())
        .addPrimaryKeyConstraint('sso_identities_pk', ['issuer', 'subject'])
        .execute();
      await db.schema.createIndex('sso_identities_user').on('sso_identities').column('user_id').execute();
      // A sign-in sent to the provider and not back yet: the browser's cookie holds a random token,
      // the row its SHA-256 with the state, nonce and PKCE verifier; the callback deletes it (single use).
      await db.schema
        .createTable('sso_logins')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('code_verifier', 'text', (c) => c.notNull())
        .addColumn('next_path', 'text', (c) => c.notNull())
        .addColumn('expires_at', millis, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sso_logins_expires').on('sso_logins').column('expires_at').execute();
    },
  };
}
