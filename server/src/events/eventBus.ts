import { EventEmitter } from 'node:events';
import type { EntryEventKind, EntryStatus, Role } from '@jointly/shared';

/**
 * Events that must reach every live socket, in this process and (in scaled
 * mode) in every other one. The in-process bus is the embedded default; the
 * Redis bus of scaled mode implements the same interface.
 */
export type BusEvents = {
  /** Sessions ended (sign-out, password change, expiry sweep). `sessionIds` omitted means all of the user's. */
  sessionsRevoked: { userId: string; sessionIds?: string[] };
  /** A member's role changed or (role null) they were removed from the entry. */
  membershipChanged: { entryId: string; userId: string; role: Role | null };
  /** An entry was submitted or reopened (C-WRITE-4): live rooms take the status, sockets close 4101. */
  entryStatusChanged: { entryId: string; status: EntryStatus | null };
  /**
   * An entry's stored document was rewritten (an erasure, issue 18 item 2): every process drops its
   * room without compacting (its memory may hold what was erased), and the entry's sockets close 4101.
   */
  documentRewritten: { entryId: string };
  /** Sign-off, comments or assignments changed (published after the commit): open pages refetch (C-EVENT-2). */
  entryChanged: { entryId: string; kind: EntryEventKind; sectionId?: string };
  /** These people have new (or newly read) notifications: their bells refetch (issue 14 item 5). */
  notificationsChanged: { userIds: string[] };
};

/** The event names, for buses that receive events from outside the process. */
export const BUS_EVENTS: readonly (keyof BusEvents)[] = [
  'sessionsRevoked',
  'membershipChanged',
  'entryStatusChanged',
  'documentRewritten',
  'entryChanged',
  'notificationsChanged',
];

export type EventBus = {
  publish<K extends keyof BusEvents>(event: K, payload: BusEvents[K]): void;
  subscribe<K extends keyof BusEvents>(event: K, listener: (payload: BusEvents[K]) => void): () => void;
  close(): Promise<void>;
};

export function createLocalEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(event, payload) {
      emitter.emit(event, payload);
    },
    subscribe(event, listener) {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}
