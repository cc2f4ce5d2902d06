import type { NotificationKind, NotificationListDto, NotificationSettingsDto, TaskDto } from '@jointly/shared';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { EntryService } from '../entries/entryService.ts';
import type { EventBus } from '../events/eventBus.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import { emailOff, setEmailOff, unsubscribeByToken } from './emailSettings.ts';
import { type MyTasksDeps, myTasks } from './myTasks.ts';
import { createNotificationDigests } from './notificationDigests.ts';
import { listNotifications, markRead, unreadCount } from './notificationReads.ts';
import type { NotificationService } from './notificationService.ts';
import { createNotificationStreams } from './notificationStreams.ts';
import { pruneNotifications } from './pruneNotifications.ts';
import { createReviewRequests } from './reviewRequests.ts';

export type NotificationCentreDeps = {
  db: Kysely<Database>;
  core: NotificationService;
  entries: Pick<EntryService, 'authorise'>;
  events: Pick<EventBus, 'publish' | 'subscribe'>;
  /** Null without SMTP_URL: no digests are sent. */
  mailer: Pick<Mailer, 'sendDigest'> | null;
  endorsementWaiting: MyTasksDeps['endorsementWaiting'];
  tuning: {
    digestIntervalMs: number;
    digestSweepMs: number;
    digestMaxItems: number;
    digestUsersPerSweep: number;
    streamsPerUser: number;
    streamPingMs: number;
    unsubscribeTtlMs: number;
    /** Read notifications older than this are deleted; pruning runs every `pruneEveryMs`. */
    readRetentionMs: number;
    pruneEveryMs: number;
  };
  logger: Pick<Logger, 'warn'>;
  now?: () => number;
};

export type NotificationCentre = ReturnType<typeof createNotificationCentre>;

/**
 * Everything the person sees of their notifications (issue 14 items 5 and 6):
 * the list and unread count, marking read, computed tasks, e-mail settings and
 * unsubscribe, review requests, the live stream and the digest job. Every
 * call is about the signed-in person only; there is no way to name another.
 */
export function createNotificationCentre(deps: NotificationCentreDeps) {
  const { db, core, tuning } = deps;
  const now = deps.now ?? Date.now;
  const reviewRequests = createReviewRequests({
    db,
    entries: deps.entries,
    notifications: core,
    events: deps.events,
    now,
  });
  const streams = createNotificationStreams({
    events: deps.events,
    unreadCount: (userId) => unreadCount(db, userId),
    maxPerUser: tuning.streamsPerUser,
    pingMs: tuning.streamPingMs,
    logger: deps.logger,
  });
  const digests = deps.mailer
    ? createNotificationDigests({
        db,
        mailer: deps.mailer,
        intervalMs: tuning.digestIntervalMs,
        maxItems: tuning.digestMaxItems,
        usersPerSweep: tuning.digestUsersPerSweep,
        logger: deps.logger,
        now,
      })
    : null;
  let stopDigests: (() => void) | null = null;
  let pruneTimer: ReturnType<typeof setInterval> | null = null;

  return {
    /** 404 for a non-member, 403 for a viewer: checked before the rate limit is drawn from. */
    mayRequestReview: (entryId: string, userId: string) => deps.entries.authorise(entryId, userId, 'edit'),
    requestReview: reviewRequests.requestReview,
    withdrawReview: reviewRequests.withdrawReview,
    reviewRequestsOf: reviewRequests.reviewRequestsOf,

    list: (userId: string): Promise<NotificationListDto> => listNotifications(db, userId),
    unreadCount: (userId: string) => unreadCount(db, userId),
    async markRead(userId: string, which: { ids: string[] } | { all: true }): Promise<{ unread: number }> {
      const changed = await markRead(db, userId, which, now());
      // The person's other tabs update their bells too.
      if (changed > 0) core.announce({ userIds: [userId] });
      return { unread: await unreadCount(db, userId) };
    },
    tasks: async (userId: string): Promise<{ tasks: TaskDto[] }> => ({
      tasks: await myTasks({ db, endorsementWaiting: deps.endorsementWaiting, now }, userId),
    }),
    settings: async (userId: string): Promise<NotificationSettingsDto> => ({ emailOff: await emailOff(db, userId) }),
    saveSettings: async (userId: string, off: NotificationKind[]): Promise<NotificationSettingsDto> => ({
      emailOff: await setEmailOff(db, userId, off, now()),
    }),
    unsubscribe: (token: string, kind: NotificationKind | undefined) =>
      unsubscribeByToken(db, token, kind, now(), tuning.unsubscribeTtlMs),

    openStream: (c: Context, userId: string, sessionId: string) => streams.open(c, userId, sessionId),
    openStreams: streams.openCount,

    /** One digest pass now (tests); null without a mailer. */
    sweepDigests: (origin: string) => digests?.sweep(origin) ?? Promise.resolve(0),
    /** Starts the digest timer once the server listens (links need its origin when PUBLIC_URL is unset). */
    /** Deletes old read notifications and expired unsubscribe secrets now (the timer does it hourly). */
    prune: () =>
      pruneNotifications(db, now(), {
        readRetentionMs: tuning.readRetentionMs,
        unsubscribeTtlMs: tuning.unsubscribeTtlMs,
      }),
    /** Starts the digest and pruning timers once the server listens (links need its origin when PUBLIC_URL is unset). */
    startDigests(origin: () => string) {
      if (digests && !stopDigests) stopDigests = digests.start(origin, tuning.digestSweepMs);
      if (!pruneTimer) {
        pruneTimer = setInterval(() => {
          pruneNotifications(db, now(), tuning).catch((err) =>
            deps.logger.warn('notification pruning failed', { err: String(err) }),
          );
        }, tuning.pruneEveryMs);
        pruneTimer.unref();
      }
    },
    close() {
      stopDigests?.();
      stopDigests = null;
      if (pruneTimer) clearInterval(pruneTimer);
      pruneTimer = null;
      streams.close();
    },
  };
}
