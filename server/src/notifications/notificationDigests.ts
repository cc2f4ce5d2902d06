import { NOTIFICATION_KIND_LABELS, type NotificationKind, notificationSentence } from '@jointly/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { generateId } from '../ids.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import { emailOff, issueUnsubscribeToken } from './emailSettings.ts';
import { listNotifications } from './notificationReads.ts';

export type NotificationDigestsDeps = {
  db: Kysely<Database>;
  mailer: Pick<Mailer, 'sendDigest'>;
  /** NOTIFICATION_DIGEST_INTERVAL_MS: the least time between two digests to one person. */
  intervalMs: number;
  maxItems: number;
  usersPerSweep: number;
  logger: Pick<Logger, 'warn'>;
  now?: () => number;
};

/**
 * Kinds never put in a digest: mentions are e-mailed at once by
 * review/mentionEmails.ts (someone asked this person by name and waits for an
 * answer; the per-recipient mention limit bounds them), so a digest would repeat them.
 */
const SENT_AT_ONCE: ReadonlySet<NotificationKind> = new Set(['mention']);

/**
 * Notification e-mails, batched (issue 14 item 5). A person's pending
 * notifications (unread, never taken into a digest) are e-mailed once the
 * oldest has waited a whole interval (what they read in the app meanwhile is
 * not sent), and never sooner than an interval after their previous digest.
 *
 * Safe with several processes on one database: a process first takes the
 * person's slot (UPDATE notification_digests … WHERE last_sent_at <= now -
 * interval: one process wins, on SQLite and PostgreSQL alike), then claims the
 * rows (UPDATE … SET email_claim = its id WHERE email_claim IS NULL), and
 * sends only rows carrying its claim. A failed send gives both back.
 */
export function createNotificationDigests(deps: NotificationDigestsDeps) {
  const { db, mailer, intervalMs, logger } = deps;
  const now = deps.now ?? Date.now;

  /** People with a pending notification at least one interval old. */
  async function dueUsers(at: number): Promise<string[]> {
    const rows = await db
      .selectFrom('notifications')
      .select('user_id')
      .distinct()
      .where('email_claim', 'is', null)
      .where('read_at', 'is', null)
      .where('created_at', '<=', at - intervalMs)
      .limit(deps.usersPerSweep)
      .execute();
    return rows.map((r) => r.user_id);
  }

  /** Takes the person's digest slot for `at`; the previous send time when won, else null. */
  async function takeSlot(userId: string, at: number): Promise<number | null> {
    await db
      .insertInto('notification_digests')
      .values({ user_id: userId, last_sent_at: 0 })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    const before = await db
      .selectFrom('notification_digests')
      .select('last_sent_at')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    const previous = Number(before.last_sent_at);
    const won = await db
      .updateTable('notification_digests')
      .set({ last_sent_at: at })
      .where('user_id', '=', userId)
      .where('last_sent_at', '=', previous)
      .where('last_sent_at', '<=', at - intervalMs)
      .executeTakeFirst();
    return Number(won.numUpdatedRows) === 1 ? previous : null;
  }

  async function giveSlotBack(userId: string, at: number, previous: number) {
    await db
      .updateTable('notification_digests')
      .set({ last_sent_at: previous })
      .where('user_id', '=', userId)
      .where('last_sent_at', '=', at)
      .execute();
  }

  /** One person's digest; true when an e-mail went out. */
  async function digestFor(userId: string, origin: string, at: number): Promise<boolean> {
    const previous = await takeSlot(userId, at);
    if (previous === null) return false;
    const claim = generateId();
    await db
      .updateTable('notifications')
      .set({ email_claim: claim })
      .where('user_id', '=', userId)
      .where('email_claim', 'is', null)
      .where('read_at', 'is', null)
      .execute();
    const off = new Set(await emailOff(db, userId));
    const claimed = new Set(
      (
        await db
          .selectFrom('notifications')
          .select('id')
          .where('user_id', '=', userId)
          .where('email_claim', '=', claim)
          .execute()
      ).map((r) => r.id),
    );
    // Read through the same view as the bell: current memberships only, actors and sections named now.
    const listed = (await listNotifications(db, userId)).notifications.filter(
      (n) => claimed.has(n.id) && !off.has(n.kind) && !SENT_AT_ONCE.has(n.kind),
    );
    const user = await db.selectFrom('users').select(['email', 'name']).where('id', '=', userId).executeTakeFirst();
    if (listed.length === 0 || !user) {
      // Nothing to send (all read, switched off, mentions, or the person is gone): the rows stay claimed
      // so they are never e-mailed later, and the slot goes back so the next digest is not held up.
      await markEmailed(claim, at);
      await giveSlotBack(userId, at, previous);
      return false;
    }
    const token = await issueUnsubscribeToken(db, userId, at);
    const items = listed.slice(0, deps.maxItems);
    const lines = items.map(
      (n) =>
        `- ${notificationSentence({ kind: n.kind, actorName: n.actor.name, sectionTitle: n.section?.title ?? null, entryTitle: n.entry.title })}\n  ${origin}${n.href}`,
    );
    if (listed.length > items.length) lines.push(`- and ${listed.length - items.length} more`);
    const kinds = [...new Set(listed.map((n) => n.kind))];
    const unsubscribe = kinds.map(
      (kind) => `- ${NOTIFICATION_KIND_LABELS[kind]}: ${origin}/unsubscribe/${token}?kind=${kind}`,
    );
    const text = [
      `Hello ${user.name},`,
      '',
      `${listed.length === 1 ? 'One thing is' : `${listed.length} things are`} waiting for you on Jointly:`,
      '',
      ...lines,
      '',
      `Everything waiting for you: ${origin}/tasks`,
      '',
      'Stop e-mails about:',
      ...unsubscribe,
      `Choose which e-mails you get: ${origin}/settings/notifications`,
    ].join('\n');
    const sent = await mailer.sendDigest({
      to: user.email,
      subject: `Jointly: ${listed.length === 1 ? 'one update' : `${listed.length} updates`} waiting for you`,
      text,
      unsubscribeUrl: `${origin}/api/notifications/unsubscribe/${token}`,
    });
    if (sent) {
      await markEmailed(claim, at);
      return true;
    }
    await db.updateTable('notifications').set({ email_claim: null }).where('email_claim', '=', claim).execute();
    await giveSlotBack(userId, at, previous);
    return false;
  }

  async function markEmailed(claim: string, at: number) {
    await db.updateTable('notifications').set({ emailed_at: at }).where('email_claim', '=', claim).execute();
  }

  /** One pass: every person due gets their digest. Returns how many e-mails went out. */
  async function sweep(origin: string): Promise<number> {
    const at = now();
    let sent = 0;
    for (const userId of await dueUsers(at)) {
      try {
        if (await digestFor(userId, origin, at)) sent += 1;
      } catch (err) {
        logger.warn('notification digest failed', { userId, err: String(err) });
      }
    }
    return sent;
  }

  /** Sweeps every `sweepMs` until stopped; one sweep at a time. */
  function start(origin: () => string, sweepMs: number): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      sweep(origin())
        .catch((err) => logger.warn('notification digest sweep failed', { err: String(err) }))
        .finally(() => {
          running = false;
        });
    }, sweepMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  return { sweep, start };
}
