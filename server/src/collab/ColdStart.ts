import type { CollabConnection } from './CollabConnection.ts';

export type ColdStartDeps = {
  /** Applies the stored state to the (empty) document: the slow part of a cold start. */
  load(state: Uint8Array): void;
  /** After the load and the work that waited for it. */
  loaded(): void;
  /** The longest the load waits for first replies to be written out (a slow reader, a silent client). */
  maxDeferMs: number;
};

/**
 * C-ROOM-1's cold path: a room starts with the stored document as one update
 * (snapshot merged with the log) and answers the first SyncStep1s from those
 * bytes, loading them into the Y.Doc only once those replies are handed to
 * the kernel (or after `maxDeferMs`), so nobody waits for the load, which
 * blocks the event loop. Anything that needs the document earlier loads it on
 * the spot (`ensureLoaded`). Nothing is written before the load, so the bytes
 * and the loaded document are the same.
 */
export class ColdStart {
  private state: Uint8Array | null;
  /** Connections whose first SyncStep2 (from the bytes) is not yet written out: the load waits for them. */
  private readonly awaitingReply = new Set<CollabConnection>();
  /** Runs once the stored state is loaded (the server's SyncStep1 to writers who synced before). */
  private afterLoad: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    state: Uint8Array | null,
    private readonly deps: ColdStartDeps,
  ) {
    this.state = state;
    if (state) {
      this.timer = setTimeout(() => this.ensureLoaded(), deps.maxDeferMs);
      this.timer.unref();
    }
  }

  /** The stored bytes while they are not loaded yet (null once loaded). */
  get bytes(): Uint8Array | null {
    return this.state;
  }

  /** Loads the stored state now if that has not happened yet. */
  ensureLoaded(): void {
    const state = this.state;
    if (!state) return;
    this.state = null;
    this.awaitingReply.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.deps.load(state);
    const waiting = this.afterLoad;
    this.afterLoad = [];
    for (const run of waiting) run();
    this.deps.loaded();
  }

  /** A connection joined before the load: the load waits for its first reply. */
  joined(connection: CollabConnection): void {
    if (this.state) this.awaitingReply.add(connection);
  }

  /** A connection's first reply from the bytes was written out: the load may go ahead once none waits. */
  answered(connection: CollabConnection): void {
    this.awaitingReply.delete(connection);
    this.loadWhenNoneWaits();
  }

  /** A connection left: if the load waited for it, it no longer does. */
  left(connection: CollabConnection): void {
    if (this.awaitingReply.delete(connection)) this.loadWhenNoneWaits();
  }

  private loadWhenNoneWaits(): void {
    if (!this.state || this.awaitingReply.size > 0) return;
    setImmediate(() => {
      if (this.awaitingReply.size === 0) this.ensureLoaded();
    });
  }

  /** Runs `run` once the document is loaded. */
  whenLoaded(run: () => void): void {
    if (this.state) this.afterLoad.push(run);
    else run();
  }

  stop(): void {
    this.state = null;
    this.afterLoad = [];
    this.awaitingReply.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
