import type { Logger } from '../logger.ts';
import type { RelayedUpdates } from './docRelay.ts';
import type { StoredDocument } from './docStore.ts';

/** A batch known durable but not yet contiguous with what the document holds (`updates` null: our own). */
export type AheadBatch = { lastUpdateId: number; updates: Uint8Array[] | null };

export type RelayFollowerDeps = {
  entryId: string;
  logger: Logger;
  /** Applies durable bytes from elsewhere to the document (never stored again); false if yjs threw. */
  applyDurable(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): boolean;
  /** Reads the whole stored document (snapshot and log). */
  loadStored(): Promise<StoredDocument>;
  /** The room's writes are held (C-HOLD-1): the document must not move, so catching up waits. */
  held(): boolean;
  /** The room failed or was destroyed: nothing more is applied. */
  gone(): boolean;
  gapResyncMs: number;
  bufferMaxBatches: number;
};

/**
 * Scaled mode, C-SCALE-2: keeps a room's document following the entry's log
 * when other processes write too. Tracks up to which stored update id the
 * document holds everything (`heldUpTo`), applies durable batches in log
 * order (a duplicate is skipped, one past a gap waits for the missing one),
 * and re-reads the store when a gap stays open for `gapResyncMs`, the buffer
 * overflows, another process says it holds more, or Redis comes back.
 * Knows nothing of sockets, so its rules are tested on their own.
 */
export class RelayFollower {
  private heldUpToId: number;
  /** Durable batches past a gap, by the id they follow: applied once the gap closes. */
  private readonly ahead = new Map<number, AheadBatch>();
  private gapTimer: NodeJS.Timeout | null = null;
  private resyncing: Promise<void> | null = null;
  private resyncAgain = false;
  /** Batches arrived while writes were held: the store is re-read when the hold ends. */
  private deferred = false;

  constructor(
    private readonly deps: RelayFollowerDeps,
    /** The last stored update id the loaded document holds (snapshot or log). */
    heldUpToId: number,
  ) {
    this.heldUpToId = heldUpToId;
  }

  /** Every stored update up to this id is in the document. */
  get heldUpTo(): number {
    return this.heldUpToId;
  }

  /** A durable batch another process stored (C-SCALE-2). */
  onRemoteUpdates(message: RelayedUpdates): void {
    if (this.deps.gone() || message.lastUpdateId <= this.heldUpToId) return;
    if (this.deps.held()) {
      // The held document must equal what was read for the hold (C-HOLD-1): catch up afterwards.
      this.deferred = true;
      return;
    }
    this.noteDurable(message.previousUpdateId, { lastUpdateId: message.lastUpdateId, updates: message.updates });
  }

  /** Another process holds the log up to this id: re-read the store if that is further than us. */
  onRemoteHead(lastUpdateId: number): void {
    if (lastUpdateId > this.heldUpToId) void this.resyncFromStore();
  }

  /** The hold ended: catch up with what arrived meanwhile. */
  releaseDeferred(): void {
    if (!this.deferred) return;
    this.deferred = false;
    void this.resyncFromStore();
  }

  /** Records a durable batch following `previousUpdateId` (our own: `updates` null) and applies what is contiguous. */
  noteDurable(previousUpdateId: number, batch: AheadBatch): void {
    if (batch.lastUpdateId <= this.heldUpToId) return;
    const known = this.ahead.get(previousUpdateId);
    // Our own record of a batch wins over a relayed copy of it; otherwise the first one kept.
    if (!known || (known.updates !== null && batch.updates === null)) this.ahead.set(previousUpdateId, batch);
    this.applyContiguous();
    if (this.ahead.size > this.deps.bufferMaxBatches) {
      this.ahead.clear();
      void this.resyncFromStore();
    }
  }

  /**
   * Catches up with the store (a gap, a reconnect to Redis, another process's head): applies
   * the snapshot if it covers more than we hold, and every logged update past what we hold.
   */
  resyncFromStore(): Promise<void> {
    if (this.resyncing) {
      this.resyncAgain = true;
      return this.resyncing;
    }
    this.resyncing = (async () => {
      do {
        this.resyncAgain = false;
        if (this.deps.gone()) return;
        let stored: StoredDocument;
        try {
          stored = await this.deps.loadStored();
        } catch (err) {
          this.deps.logger.warn('collab resync could not read the store; will retry', {
            entryId: this.deps.entryId,
            err,
          });
          this.armGapTimer(true);
          return;
        }
        if (this.deps.gone()) return;
        if (this.deps.held()) {
          this.deferred = true;
          return;
        }
        this.catchUpWith(stored);
      } while (this.resyncAgain);
    })().finally(() => {
      this.resyncing = null;
    });
    return this.resyncing;
  }

  /**
   * Applies what a read of the store holds beyond the document: the snapshot if it covers more
   * than we hold, and every logged update past what we hold. Also used during a hold (C-SCALE-7),
   * where the caller read the store under the entry's lock.
   */
  catchUpWith(stored: StoredDocument): void {
    if (this.deps.gone()) return;
    const held = this.heldUpToId;
    const snapshot = stored.snapshot && stored.lastUpdateId > held ? stored.snapshot : null;
    const missing = stored.updates.filter((u) => u.id > held).map((u) => u.data);
    if (snapshot || missing.length > 0) this.apply(snapshot, missing);
    this.heldUpToId = Math.max(this.heldUpToId, stored.lastUpdateId, stored.updates.at(-1)?.id ?? 0);
    this.applyContiguous();
  }

  /** Nothing more is followed (the room is destroyed). */
  stop(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
    this.ahead.clear();
  }

  private apply(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): void {
    if (this.deps.applyDurable(snapshot, updates)) return;
    this.deps.logger.error('collab relayed update failed to apply; re-reading the store', {
      entryId: this.deps.entryId,
    });
    // Hold nothing as certain: the next relayed batch waits, and the gap timer re-reads the store.
    this.heldUpToId = 0;
    this.armGapTimer(true);
  }

  private applyContiguous(): void {
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const [previous, batch] of this.ahead) {
        if (batch.lastUpdateId <= this.heldUpToId) {
          this.ahead.delete(previous);
        } else if (previous <= this.heldUpToId) {
          this.ahead.delete(previous);
          if (batch.updates) this.apply(null, batch.updates);
          this.heldUpToId = batch.lastUpdateId;
          progressed = true;
        }
      }
    }
    if (this.ahead.size === 0) {
      if (this.gapTimer) clearTimeout(this.gapTimer);
      this.gapTimer = null;
    } else {
      this.armGapTimer();
    }
  }

  /** Re-reads the store after the gap time unless the gap closed meanwhile (or, forced, in any case). */
  private armGapTimer(force = false): void {
    if (this.gapTimer || this.deps.gone()) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (force || this.ahead.size > 0) {
        this.deps.logger.info('collab relay gap; re-reading the store', { entryId: this.deps.entryId });
        void this.resyncFromStore();
      }
    }, this.deps.gapResyncMs);
    this.gapTimer.unref();
  }
}
