import { EventEmitter } from 'node:events';
import { BUS_EVENTS, type BusEvents, type EventBus } from '../events/eventBus.ts';
import type { Logger } from '../logger.ts';
import type { RedisLink } from './redisLink.ts';

type Envelope = { origin: string; event: keyof BusEvents; payload: unknown };

/**
 * The EventBus of scaled mode: an event is handled in this process at once
 * (synchronously, as with the local bus) and published on Redis for every
 * other process (C-SCALE-5). While Redis is unreachable the others miss it
 * and catch up at their periodic recheck (C-REVOKE-4).
 */
export function createRedisEventBus(link: RedisLink, logger: Logger): EventBus & { ready: Promise<void> } {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const channel = `${link.prefix}events`;
  const known = new Set<string>(BUS_EVENTS);
  const subscribed = link.subscribe(
    channel,
    (payload) => {
      let envelope: Envelope;
      try {
        envelope = JSON.parse(payload.toString('utf8')) as Envelope;
      } catch {
        logger.warn('redis event dropped: not JSON', { channel });
        return;
      }
      if (envelope.origin === link.processId || !known.has(envelope.event)) return;
      emitter.emit(envelope.event, envelope.payload);
    },
    3000,
  );
  let unsubscribe: (() => void) | null = null;
  const ready = subscribed.then((off) => {
    unsubscribe = off;
  });
  return {
    ready,
    publish(event, payload) {
      emitter.emit(event, payload);
      const envelope: Envelope = { origin: link.processId, event, payload };
      link.publish(channel, JSON.stringify(envelope));
    },
    subscribe(event, listener) {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    async close() {
      unsubscribe?.();
      unsubscribe = null;
      emitter.removeAllListeners();
    },
  };
}
