import { listNotifications, NOTIFICATIONS_STREAM_URL } from '../../api/notificationsApi.ts';

/** How often the count is read while the stream is down (it is pushed while the stream is open). */
export const UNREAD_POLL_MS = 30_000;

type StreamLike = {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(): void;
};

export type UnreadStoreDeps = {
  /** Opens the event stream (EventSource in the browser); null where there is none. */
  openStream: () => StreamLike | null;
  /** Reads the count over HTTP (the poll fallback). */
  poll: () => Promise<number>;
  pollMs: number;
};

export type UnreadStore = ReturnType<typeof createUnreadStore>;

/**
 * The bell's unread count for every component of the tab, from one stream
 * (issue 14 item 5). The server pushes the count; while the stream is down
 * (EventSource retries by itself) the count is polled instead, and only then.
 * The stream opens with the first subscriber and closes with the last.
 */
export function createUnreadStore(deps: UnreadStoreDeps) {
  let count: number | null = null;
  const listeners = new Set<(count: number | null) => void>();
  let stream: StreamLike | null = null;
  let pollTimer: ReturnType<typeof setInterval> | null = null;

  const set = (next: number) => {
    if (next === count) return;
    count = next;
    for (const listener of listeners) listener(count);
  };
  const pollOnce = () => {
    deps.poll().then(set, () => undefined);
  };
  const startPolling = () => {
    if (pollTimer) return;
    pollOnce();
    pollTimer = setInterval(pollOnce, deps.pollMs);
  };
  const stopPolling = () => {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
  };

  function start() {
    stream = deps.openStream();
    if (!stream) {
      startPolling();
      return;
    }
    stream.addEventListener('notifications', (event) => {
      try {
        const data = JSON.parse(String(event.data)) as { unread?: unknown };
        if (typeof data.unread === 'number') set(data.unread);
      } catch {
        // A malformed message changes nothing; the next one or a poll will.
      }
    });
    stream.onopen = () => stopPolling();
    stream.onerror = () => startPolling();
  }

  function stop() {
    stream?.close();
    stream = null;
    stopPolling();
  }

  return {
    current: () => count,
    subscribe(listener: (count: number | null) => void): () => void {
      listeners.add(listener);
      if (listeners.size === 1) start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
    /** A count this tab learnt itself (after marking read), shown before the stream says so. */
    set,
  };
}

/** The tab's store: EventSource on the stream, polling `GET /api/notifications` while it is down. */
export const unreadStore = createUnreadStore({
  openStream: () =>
    typeof EventSource === 'undefined'
      ? null
      : (new EventSource(NOTIFICATIONS_STREAM_URL, { withCredentials: true }) as unknown as StreamLike),
  poll: async () => (await listNotifications()).unread,
  pollMs: UNREAD_POLL_MS,
});
