import type { PresenceDto } from '@jointly/shared';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import {
  type AwarenessEntry,
  decodeAwarenessUpdate,
  encodeAwarenessEntries,
  filterAwarenessEntries,
} from './awarenessFilter.ts';
import type { CollabConnection } from './CollabConnection.ts';
import type { CollabTuning } from './collabTuning.ts';
import { REMOTE_ORIGIN } from './docRelay.ts';
import { encodeAwarenessMessage } from './messages.ts';

/** What one connection's presence needs between its awareness messages. */
type Speaker = {
  /** The awareness client id it speaks for (C-AW-1), once it sent a state. */
  clientId: number | null;
  lastAppliedAt: number;
  /** The latest state waiting for the throttle interval (C-AW-5). */
  pending: AwarenessEntry[] | null;
  timer: NodeJS.Timeout | null;
};

export type RoomAwarenessDeps = {
  entryId: string;
  doc: Y.Doc;
  tuning: Pick<CollabTuning, 'awarenessMaxBytes' | 'awarenessMaxDepth' | 'awarenessMinIntervalMs'>;
  logger: Logger;
  /** The room's connections, to broadcast to. */
  connections: ReadonlySet<CollabConnection>;
  /** Who first wrote under a client id (C-PROV-2): an id someone wrote under is theirs in awareness too. */
  writerOf(clientId: number): string | undefined;
  /** Scaled mode: states this process's connections set go to the others (C-SCALE-3). */
  publish?(update: Uint8Array): void;
};

/**
 * A room's presence (C-AW-1 … C-AW-9, C-SYNC-9): the y-protocols Awareness,
 * which connection speaks for which client id, the per-connection throttle,
 * and the broadcast of every change. Connections keep no presence fields of
 * their own: this is the one owner.
 */
export class RoomAwareness {
  readonly awareness: awarenessProtocol.Awareness;
  /** Which connection speaks for each awareness client id. */
  private readonly owners = new Map<number, CollabConnection>();
  private readonly speakers = new WeakMap<CollabConnection, Speaker>();
  private stopped = false;

  /** People with the entry open now, once each (for the dashboard). */
  people(): PresenceDto[] {
    const people = new Map<string, PresenceDto>();
    for (const c of this.deps.connections) {
      if (c.closed) continue;
      people.set(c.userId, { userId: c.userId, name: c.auth.user.name, organisationName: c.auth.organisation.name });
    }
    return [...people.values()];
  }

  constructor(private readonly deps: RoomAwarenessDeps) {
    this.awareness = new awarenessProtocol.Awareness(deps.doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onChange);
  }

  /** Every present state, as one message (a new connection, C-AW-7; queryAwareness). */
  snapshotMessage(): Uint8Array | null {
    const states = [...this.awareness.getStates().keys()];
    return states.length > 0 ? encodeAwarenessMessage(this.awareness, states) : null;
  }

  /**
   * The person a client id belongs to in presence: the connection here that speaks for it, or the
   * stamped state another process relayed (C-SCALE-3), so an id announced anywhere is protected.
   */
  ownerOf(clientId: number): string | undefined {
    const holder = this.owners.get(clientId);
    if (holder) return holder.userId;
    const state = this.awareness.getStates().get(clientId) as { user?: { id?: unknown } } | undefined;
    return typeof state?.user?.id === 'string' ? state.user.id : undefined;
  }

  /** C-AW-1 … C-AW-5: filter to the connection's own client id, stamp identity, coalesce floods. */
  receive(connection: CollabConnection, update: Uint8Array): void {
    const { tuning, logger } = this.deps;
    const speaker = this.speakerOf(connection);
    const entries = decodeAwarenessUpdate(update, {
      maxBytes: tuning.awarenessMaxBytes,
      maxDepth: tuning.awarenessMaxDepth,
    });
    const { kept, ownClientId, dropped } = filterAwarenessEntries(entries, {
      ownClientId: speaker.clientId,
      identity: connection.identity,
      mayClaim: (clientId) => this.mayClaim(connection, clientId),
    });
    if (dropped > 0) {
      // Debug, not warn: unmodified y-websocket clients re-send the states they receive from
      // others, so drops are ordinary traffic (thousands a minute under load), and each log
      // line is a synchronous stderr write on the hot path.
      logger.debug('collab awareness entries dropped', {
        entryId: this.deps.entryId,
        userId: connection.userId,
        dropped,
      });
    }
    if (ownClientId !== null && speaker.clientId !== ownClientId) {
      const previous = this.owners.get(ownClientId);
      if (previous && previous !== connection) this.speakerOf(previous).clientId = null;
      speaker.clientId = ownClientId;
      this.owners.set(ownClientId, connection);
    }
    if (kept.length === 0) return;

    const now = Date.now();
    const wait = speaker.lastAppliedAt + tuning.awarenessMinIntervalMs - now;
    if (wait > 0) {
      // Coalesce: keep only the latest state; it is applied when the interval has passed (C-AW-5).
      speaker.pending = kept;
      speaker.timer ??= setTimeout(() => {
        speaker.timer = null;
        const pending = speaker.pending;
        speaker.pending = null;
        if (pending && !connection.closed && !this.stopped) this.apply(connection, speaker, pending, Date.now());
      }, wait);
      return;
    }
    this.apply(connection, speaker, kept, now);
  }

  /** The connection closed: its presence is withdrawn and broadcast (C-AW-6). */
  leave(connection: CollabConnection): void {
    const speaker = this.speakers.get(connection);
    if (!speaker) return;
    if (speaker.timer) clearTimeout(speaker.timer);
    speaker.timer = null;
    speaker.pending = null;
    const clientId = speaker.clientId;
    if (clientId !== null && this.owners.get(clientId) === connection) {
      this.owners.delete(clientId);
      if (this.awareness.getStates().has(clientId)) {
        awarenessProtocol.removeAwarenessStates(this.awareness, [clientId], connection);
      }
    }
  }

  /** States relayed by another process (already filtered and stamped there, C-SCALE-3). */
  applyRemote(update: Uint8Array): void {
    if (this.stopped) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
    } catch (err) {
      this.deps.logger.warn('collab relayed awareness dropped', { entryId: this.deps.entryId, err: String(err) });
    }
  }

  stop(): void {
    this.stopped = true;
    this.awareness.off('update', this.onChange);
    this.awareness.destroy();
  }

  /** Whether a connection may speak for an unclaimed client id (C-AW-1, C-SYNC-9). */
  private mayClaim(connection: CollabConnection, clientId: number): boolean {
    // An id someone else wrote under, or announced on another process, is theirs.
    const writer = this.deps.writerOf(clientId);
    if (writer !== undefined && writer !== connection.userId) return false;
    const holder = this.owners.get(clientId);
    if (holder === undefined) {
      const announcer = this.ownerOf(clientId);
      return announcer === undefined || announcer === connection.userId;
    }
    // A reconnecting tab of the same person may take over its own id from a dying socket.
    return holder === connection || holder.userId === connection.userId;
  }

  private speakerOf(connection: CollabConnection): Speaker {
    let speaker = this.speakers.get(connection);
    if (!speaker) {
      speaker = { clientId: null, lastAppliedAt: 0, pending: null, timer: null };
      this.speakers.set(connection, speaker);
    }
    return speaker;
  }

  private apply(connection: CollabConnection, speaker: Speaker, entries: AwarenessEntry[], now: number): void {
    speaker.lastAppliedAt = now;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(entries), connection);
  }

  /** Broadcast every change to every connection (the sender too: it keeps idle clients alive, C-AW-8). */
  private readonly onChange = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    // States our connections set (stamped, C-AW-3) go to the other processes; not what they sent us,
    // and not our local timeouts of their states (each process times out stale states itself).
    if (this.deps.publish && origin !== REMOTE_ORIGIN && origin !== 'timeout' && !this.stopped) {
      this.deps.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    }
    if (this.deps.connections.size === 0) return;
    const message = encodeAwarenessMessage(this.awareness, changed);
    for (const c of this.deps.connections) c.send(message);
  };
}
