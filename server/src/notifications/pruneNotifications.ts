import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Keeps the notification tables bounded: read notifications older than
 * `readRetentionMs` go (the list shows the latest 50 anyway; unread ones stay
 * until read), and unsubscribe secrets past their life go too. Each statement
 * is one DELETE by time, safe when several processes run it at once.
 */
export async function pruneNotifications(
  db: Kysely<Database>,
  at: number,
  limits: { readRetentionMs: number; unsubscribeTtlMs: number },
): Promise<{ notifications: number; tokens: number }> {
  const notifications = await db
    .deleteFrom('notifications')
    .where('read_at', 'is not', null)
    .where('read_at', '<', at - limits.readRetentionMs)
    .executeTakeFirst();
  const tokens = await db
    .deleteFrom('unsubscribe_tokens')
    .where('created_at', '<', at - limits.unsubscribeTtlMs)
    .executeTakeFirst();
  return { notifications: Number(notifications.numDeletedRows), tokens: Number(tokens.numDeletedRows) };
}
