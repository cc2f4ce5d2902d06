/**
 * Relay of documents and presence between server processes (scaled mode,
 * PRODUCT §7; COLLAB_PROTOCOL.md C-SCALE rules). A process publishes a
 * batch only after it is durable in the shared store; other processes that
 * have the entry loaded apply it (origin REMOTE_ORIGIN: never stored again)
 * and pass it to their own clients. The embedded default relays nothing.
 */

/** A durable batch as relayed: the server-emitted updates and the log ids around them. */
export type RelayedUpdates = {
  /** The entry's last update id before the batch: a receiver must hold it to apply in order. */
  previousUpdateId: number;
  /** The id of the batch's last update. */
  lastUpdateId: number;
  updates: Uint8Array[];
};

/** What a room does with messages from other processes. */
export type RelayHandler = {
  onRemoteUpdates(message: RelayedUpdates): void;
  /** An awareness update (states already filtered and stamped by the process that received them). */
  onRemoteAwareness(update: Uint8Array): void;
  /** Another process holds the log up to `lastUpdateId` (sent after it reconnects to Redis). */
  onRemoteHead(lastUpdateId: number): void;
};

/** One room's place in the relay: publish to the entry's channel, receive from it. */
export type RelayMembership = {
  /** Messages received before the room attached are buffered (bounded) and delivered now. */
  attach(handler: RelayHandler): void;
  publishUpdates(message: RelayedUpdates): void;
  publishAwareness(update: Uint8Array): void;
  publishHead(lastUpdateId: number): void;
  /** Unsubscribes; nothing is delivered afterwards. */
  leave(): void;
};

export type DocRelay = {
  readonly enabled: boolean;
  /**
   * Subscribes to the entry's channel. Resolves once the subscription is in
   * place, or at once when the relay is disconnected (the room then catches
   * up when the relay reconnects).
   */
  join(entryId: string): Promise<RelayMembership>;
  /** Called after the relay reconnected: messages may have been missed both ways. */
  onReconnect(listener: () => void): () => void;
};

const noMembership: RelayMembership = {
  attach() {},
  publishUpdates() {},
  publishAwareness() {},
  publishHead() {},
  leave() {},
};

/** One process on its own (embedded SQLite, or PostgreSQL without Redis): nothing to relay. */
export const localDocRelay: DocRelay = {
  enabled: false,
  join: async () => noMembership,
  onReconnect: () => () => {},
};

/** Transaction origin of updates relayed from another process: already stored, so never stored again. */
export const REMOTE_ORIGIN = Symbol('jointly.remote');
