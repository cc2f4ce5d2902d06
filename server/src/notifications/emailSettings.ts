import { createHash } from 'node:crypto';
import { NOTIFICATION_KINDS, type NotificationKind } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { generateSecret } from '../ids.ts';

/**
 * Which notification kinds a person gets by e-mail, and the unsubscribe links
 * that switch one off without signing in (issue 14 item 5). A link's secret
 * (160 bits) is stored only as its SHA-256, as invitation tokens are.
 */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function emailOff(db: Kysely<Database>, userId: string): Promise<NotificationKind[]> {
  const row = await db
    .selectFrom('notification_settings')
    .select('email_off')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return [];
  const parsed = JSON.parse(row.email_off) as unknown;
  return Array.isArray(parsed) ? NOTIFICATION_KINDS.filter((kind) => parsed.includes(kind)) : [];
}

export async function setEmailOff(
  db: Kysely<Database>,
  userId: string,
  kinds: readonly NotificationKind[],
  at: number,
): Promise<NotificationKind[]> {
  const off = NOTIFICATION_KINDS.filter((kind) => kinds.includes(kind));
  await db
    .insertInto('notification_settings')
    .values({ user_id: userId, email_off: JSON.stringify(off), updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ email_off: JSON.stringify(off), updated_at: at }))
    .execute();
  return off;
}

/** A new unsubscribe secret for `userId`, stored hashed; the caller puts it in one e-mail's links. */
export async function issueUnsubscribeToken(db: Kysely<Database>, userId: string, at: number): Promise<string> {
  const token = generateSecret();
  await db
    .insertInto('unsubscribe_tokens')
    .values({ token_hash: hashToken(token), user_id: userId, created_at: at })
    .execute();
  return token;
}

/**
 * Switches `kind` (or every kind) off for the person the token belongs to.
 * Null when the token is unknown or older than `ttlMs`; otherwise the kinds now off.
 */
export async function unsubscribeByToken(
  db: Kysely<Database>,
  token: string,
  kind: NotificationKind | undefined,
  at: number,
  ttlMs: number,
): Promise<NotificationKind[] | null> {
  const row = await db
    .selectFrom('unsubscribe_tokens')
    .select(['user_id', 'created_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || Number(row.created_at) + ttlMs < at) return null;
  const off = kind ? [...(await emailOff(db, row.user_id)), kind] : [...NOTIFICATION_KINDS];
  return setEmailOff(db, row.user_id, off, at);
}
