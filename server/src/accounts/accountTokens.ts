import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** What an e-mailed account link does. */
export type AccountTokenPurpose = 'reset' | 'verify' | 'email_change';

/** The stored form of a link's token: SHA-256, hex. The token itself is never stored. */
export function hashAccountToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/**
 * Single-use, expiring links for account recovery (issue 15). Issuing a link replaces the
 * account's earlier links of the same purpose, so only the newest e-mail works; consuming one
 * deletes it in the same statement that reads it, so two concurrent uses cannot both succeed.
 */
export function createAccountTokens(db: Kysely<Database>, now: () => number = Date.now) {
  async function issue(input: {
    userId: string;
    purpose: AccountTokenPurpose;
    email: string;
    ttlMs: number;
  }): Promise<string> {
    // 32 random bytes, URL-safe: unguessable, and only its hash is kept.
    const token = crypto.randomBytes(32).toString('base64url');
    const at = now();
    await db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('account_tokens')
        .where('user_id', '=', input.userId)
        .where('purpose', '=', input.purpose)
        .execute();
      // Expired links of anyone are swept as new ones are made, so the table stays small.
      await trx.deleteFrom('account_tokens').where('expires_at', '<=', at).execute();
      await trx
        .insertInto('account_tokens')
        .values({
          token_hash: hashAccountToken(token),
          user_id: input.userId,
          purpose: input.purpose,
          email: input.email,
          created_at: at,
          expires_at: at + input.ttlMs,
        })
        .execute();
    });
    return token;
  }

  /** The link's account and address, spent; null when unknown, of another purpose, used or expired. */
  async function consume(
    token: string,
    purpose: AccountTokenPurpose,
  ): Promise<{ userId: string; email: string } | null> {
    const row = await db
      .deleteFrom('account_tokens')
      .where('token_hash', '=', hashAccountToken(token))
      .where('purpose', '=', purpose)
      .returning(['user_id', 'email', 'expires_at'])
      .executeTakeFirst();
    if (!row || Number(row.expires_at) <= now()) return null;
    return { userId: row.user_id, email: row.email };
  }

  /** Ends every outstanding link of an account (its password or address changed). */
  async function revokeAll(userId: string): Promise<void> {
    await db.deleteFrom('account_tokens').where('user_id', '=', userId).execute();
  }

  return { issue, consume, revokeAll };
}

export type AccountTokens = ReturnType<typeof createAccountTokens>;
