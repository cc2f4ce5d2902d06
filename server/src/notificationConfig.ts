// Notifications' fixed tunables (src/notifications, issue 14 item 5): constants, not environment
// variables (the digest interval, NOTIFICATION_DIGEST_INTERVAL_MS, is in config.ts).

/** Open notification streams (bells) per person in one process: a few tabs; past it the oldest is closed. */
export const NOTIFICATION_STREAMS_PER_USER = 5;
/** A comment line on each stream this often, so proxies do not close it as idle (most cut at 60 s). */
export const NOTIFICATION_STREAM_PING_MS = 25_000;
/** How often a process looks for digests to send: a fifth of the interval, between 100 ms and a minute. */
export const notificationDigestSweepMs = (intervalMs: number) => Math.min(60_000, Math.max(100, intervalMs / 5));
/** Most notifications one digest e-mail lists (the rest are counted); people to e-mail per sweep. */
export const NOTIFICATION_DIGEST_MAX_ITEMS = 50;
export const NOTIFICATION_DIGEST_USERS_PER_SWEEP = 200;
/** Unsubscribe links work this long (a digest read weeks later still unsubscribes). */
export const UNSUBSCRIBE_TOKEN_TTL_MS = 180 * 24 * 60 * 60 * 1000;
/** Read notifications are kept this long (an award cycle), then deleted; pruning runs hourly. */
export const NOTIFICATION_READ_RETENTION_MS = 180 * 24 * 60 * 60 * 1000;
export const NOTIFICATION_PRUNE_EVERY_MS = 60 * 60 * 1000;

/** The notification centre's tuning for a deployment whose digests go out every `digestIntervalMs`. */
export function notificationCentreTuning(digestIntervalMs: number) {
  return {
    digestIntervalMs,
    digestSweepMs: notificationDigestSweepMs(digestIntervalMs),
    digestMaxItems: NOTIFICATION_DIGEST_MAX_ITEMS,
    digestUsersPerSweep: NOTIFICATION_DIGEST_USERS_PER_SWEEP,
    streamsPerUser: NOTIFICATION_STREAMS_PER_USER,
    streamPingMs: NOTIFICATION_STREAM_PING_MS,
    unsubscribeTtlMs: UNSUBSCRIBE_TOKEN_TTL_MS,
    readRetentionMs: NOTIFICATION_READ_RETENTION_MS,
    pruneEveryMs: NOTIFICATION_PRUNE_EVERY_MS,
  };
}
