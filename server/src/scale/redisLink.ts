import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.ts';

/**
 * The process's two Redis connections (scaled mode, PRODUCT §7): one that
 * publishes (and runs commands) and one that subscribes, with every channel
 * and key under `prefix`. Redis is a relay, never a store of anything that
 * must survive: the only keys are the sign-in throttle's short-lived counters
 * (scale/redisThrottleStore.ts), whose loss just resets the limits. While it
 * is unreachable, publishing is skipped (nothing queues up in memory), the
 * process keeps serving its own clients from PostgreSQL, and when it comes
 * back the reconnect listeners run so every room re-reads the store (C-SCALE-4).
 */
export type RedisLink = {
  /** Identifies this process's messages, so it ignores its own. */
  readonly processId: string;
  readonly prefix: string;
  /**
   * The publishing connection, for commands (the sign-in throttle's scripts). It has no offline
   * queue: a command sent while disconnected fails at once instead of waiting for Redis.
   */
  readonly commands: Redis;
  /** Publishes if connected; otherwise drops the message (the reconnect resync covers it). */
  publish(channel: string, payload: Buffer | string): void;
  /**
   * Adds a listener of `channel` (subscribing on the first one). Resolves when Redis confirmed the
   * subscription, or after `waitMs` if it is unreachable (it subscribes when it comes back).
   */
  subscribe(channel: string, listener: (payload: Buffer) => void, waitMs?: number): Promise<() => void>;
  isReady(): boolean;
  /** Runs after each (re)connection of either connection, coalesced. */
  onReconnect(listener: () => void): () => void;
  close(): Promise<void>;
};

/** Reconnect after 100 ms, 200 ms … at most every 2 s, forever. */
const retryStrategy = (times: number) => Math.min(times * 100, 2000);

export function createRedisLink(options: { url: string; prefix: string; logger: Logger }): RedisLink {
  const { url, prefix, logger } = options;
  const processId = randomUUID();
  const base: RedisOptions = { retryStrategy, connectionName: `jointly-${processId.slice(0, 8)}` };
  // Publishing fails fast while disconnected instead of queueing without bound. Commands issued
  // in one event-loop turn (a group commit's relays, one per entry) leave in one write: one
  // system call per publish was a sixth of a scaled process's busy time (issue 16).
  const pub = new Redis(url, {
    ...base,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
  });
  // Subscriptions made while disconnected wait for the connection; ioredis re-subscribes after a reconnect.
  const sub = new Redis(url, { ...base, maxRetriesPerRequest: null });
  const listeners = new Map<string, Set<(payload: Buffer) => void>>();
  const reconnectListeners = new Set<() => void>();
  let closing = false;
  let reconnectScheduled: NodeJS.Timeout | null = null;

  for (const [name, client] of [
    ['publisher', pub],
    ['subscriber', sub],
  ] as const) {
    let wasReady = false;
    let down = false;
    client.on('ready', () => {
      if (down || !wasReady) logger.info(wasReady ? 'redis reconnected; resyncing rooms' : 'redis connected', { name });
      wasReady = true;
      down = false;
      scheduleReconnectListeners();
    });
    client.on('error', (err: Error) => {
      if (closing || down) return;
      down = true;
      logger.warn('redis unreachable; serving this process only until it returns', { name, err: err.message });
    });
    client.on('close', () => {
      if (closing || down || !wasReady) return;
      down = true;
      logger.warn('redis connection lost; serving this process only until it returns', { name });
    });
  }

  sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
    const set = listeners.get(channel.toString());
    if (!set) return;
    for (const listener of set) {
      try {
        listener(message);
      } catch (err) {
        logger.error('redis message listener failed', { err });
      }
    }
  });

  function scheduleReconnectListeners() {
    if (reconnectScheduled || closing) return;
    reconnectScheduled = setTimeout(() => {
      reconnectScheduled = null;
      for (const listener of reconnectListeners) listener();
    }, 0);
  }

  async function subscribe(channel: string, listener: (payload: Buffer) => void, waitMs = 1000) {
    let set = listeners.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      listeners.set(channel, set);
    }
    set.add(listener);
    const unsubscribe = () => {
      const current = listeners.get(channel);
      if (!current?.delete(listener) || current.size > 0) return;
      listeners.delete(channel);
      if (!closing) sub.unsubscribe(channel).catch(() => {});
    };
    if (first) {
      const subscribed = sub.subscribe(channel).catch((err: Error) => {
        logger.warn('redis subscribe failed', { channel, err: err.message });
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([subscribed, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
    }
    return unsubscribe;
  }

  return {
    processId,
    prefix,
    commands: pub,
    publish(channel, payload) {
      if (closing || pub.status !== 'ready') return;
      pub.publish(channel, payload).catch((err: Error) => {
        logger.debug('redis publish failed', { channel, err: err.message });
      });
    },
    subscribe,
    isReady: () => pub.status === 'ready' && sub.status === 'ready',
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    async close() {
      closing = true;
      if (reconnectScheduled) clearTimeout(reconnectScheduled);
      listeners.clear();
      reconnectListeners.clear();
      await Promise.allSettled(
        [pub, sub].map(async (client) => {
          if (client.status === 'ready') await client.quit();
          else client.disconnect();
        }),
      );
      pub.disconnect();
      sub.disconnect();
    },
  };
}
