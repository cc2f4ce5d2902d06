import { NOTIFICATIONS_STREAM_EVENT } from '@jointly/shared';
import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import type { EventBus } from '../events/eventBus.ts';
import type { Logger } from '../logger.ts';

export type NotificationStreamsDeps = {
  events: Pick<EventBus, 'subscribe'>;
  /** The person's unread count, read when the stream opens and after each change. */
  unreadCount(userId: string): Promise<number>;
  maxPerUser: number;
  pingMs: number;
  logger: Pick<Logger, 'warn'>;
};

type OpenStream = { sessionId: string; stream: SSEStreamingApi; end: () => void };

export type NotificationStreams = ReturnType<typeof createNotificationStreams>;

/**
 * The bell's live count (issue 14 item 5): `GET /api/notifications/stream`
 * is a text/event-stream that sends `{unread}` when it opens and whenever the
 * bus says the person's notifications changed (in any process: the Redis bus
 * carries notificationsChanged). Only the count travels, never a notification;
 * the page reads the list over HTTP. At most `maxPerUser` streams a person in
 * this process (the oldest is closed); a revoked session's streams close.
 */
export function createNotificationStreams(deps: NotificationStreamsDeps) {
  const byUser = new Map<string, OpenStream[]>();

  async function send(userId: string, stream: SSEStreamingApi) {
    const unread = await deps.unreadCount(userId);
    if (stream.aborted || stream.closed) return;
    await stream.writeSSE({ event: NOTIFICATIONS_STREAM_EVENT, data: JSON.stringify({ unread }) });
  }

  const offChanged = deps.events.subscribe('notificationsChanged', ({ userIds }) => {
    for (const userId of new Set(userIds)) {
      const open = byUser.get(userId);
      if (!open) continue;
      for (const { stream } of open) {
        send(userId, stream).catch((err) => deps.logger.warn('notification push failed', { err: String(err) }));
      }
    }
  });
  const offRevoked = deps.events.subscribe('sessionsRevoked', ({ userId, sessionIds }) => {
    for (const open of [...(byUser.get(userId) ?? [])]) {
      if (!sessionIds || sessionIds.includes(open.sessionId)) open.end();
    }
  });

  function open(c: Context, userId: string, sessionId: string): Response {
    return streamSSE(c, async (stream) => {
      let resolveEnded: () => void = () => {};
      const ended = new Promise<void>((resolve) => {
        resolveEnded = resolve;
      });
      const entry: OpenStream = { sessionId, stream, end: () => resolveEnded() };
      const list = byUser.get(userId) ?? [];
      list.push(entry);
      byUser.set(userId, list);
      while (list.length > deps.maxPerUser) list.shift()?.end();
      stream.onAbort(() => resolveEnded());
      const ping = setInterval(() => {
        stream.write(': ping\n\n').catch(() => resolveEnded());
      }, deps.pingMs);
      try {
        await send(userId, stream);
        await ended;
      } finally {
        clearInterval(ping);
        const now = byUser.get(userId) ?? [];
        const left = now.filter((e) => e !== entry);
        if (left.length > 0) byUser.set(userId, left);
        else byUser.delete(userId);
      }
    });
  }

  /** Open streams of a person in this process (tests read the bound). */
  const openCount = (userId: string) => byUser.get(userId)?.length ?? 0;

  function close() {
    offChanged();
    offRevoked();
    for (const list of byUser.values()) for (const open of [...list]) open.end();
    byUser.clear();
  }

  return { open, openCount, close };
}
