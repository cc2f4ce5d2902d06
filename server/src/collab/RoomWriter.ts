import { CloseCode, CloseReason } from '@jointly/shared';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import { type ActorWrite, applyActorWrites, settleAll } from './ActorWrite.ts';
import type { CollabConnection } from './CollabConnection.ts';
import type { CollabTuning } from './collabTuning.ts';
import { REMOTE_ORIGIN } from './docRelay.ts';
import {
  ClientIdConflictError,
  type CompactionOptions,
  type DocStore,
  EntryNotWritableError,
  LOAD_ORIGIN,
  type UpdateBatch,
} from './docStore.ts';
import type { CommitResult } from './GroupCommitter.ts';
import { encodeUpdateMessage } from './messages.ts';
import { PendingBatch } from './PendingBatch.ts';
import { ProtocolError } from './ProtocolError.ts';
import type { QueuedAck, QueuedUpdate } from './queuedWrites.ts';

/**
 * What the writer is doing. One at a time: a flush is only scheduled from
 * `idle`, a batch is written or the log compacted only from there, and a
 * stopped writer (the room failed or was destroyed) never leaves `stopped`.
 */
type Phase = 'idle' | 'flushScheduled' | 'writing' | 'compacting' | 'stopped';

export type RoomWriterDeps = {
  entryId: string;
  /** The document, unloaded: only for listening to it (loading waits for a reader). */
  ydoc: Y.Doc;
  /** The document with everything stored applied (loads it if needed). */
  doc(): Y.Doc;
  store: DocStore;
  /** Writes a batch durably, grouped with other rooms' batches of the same turn. */
  commit(entryId: string, batch: UpdateBatch): Promise<CommitResult | undefined>;
  /** Runs a flush in the next turn of group commits. */
  nextTurn(flush: () => void): void;
  logger: Logger;
  tuning: CollabTuning;
  /** Who to relay to once a batch is durable. */
  connections: ReadonlySet<CollabConnection>;
  /**
   * Judges a queued update just before it is applied (role, status, schema): the client ids it
   * claims, or null when it is refused (the judge has already told the connection).
   */
  admit(item: QueuedUpdate): { claims: readonly number[]; outlineOnly: boolean } | null;
  /** The entry's status now, and a Yjs client id nobody holds for a server write on someone's behalf (null: no writes). */
  actorClient(userId: string): { status: string | null; clientId: number | null };
  /** What the store compacts against: the live document, or nothing while it is not loaded. */
  compactionInput(): CompactionOptions;
  /** A batch is durable under these ids (scaled mode: tell the other processes, C-SCALE-1). */
  durable(committed: CommitResult, updates: Uint8Array[]): void;
  /** Writing a batch failed: the room closes every connection with this code. */
  failed(err: unknown, code?: number, reason?: string): void;
  /** The last write hold ended (relayed batches that waited for it may be applied). */
  released(): void;
  /** Updates in the stored log when the room was loaded (compaction runs past a threshold). */
  updatesInLog: number;
};

/**
 * The one owner of "between batches the document equals what is stored":
 * applies validated client writes in group-commit turns, writes what the
 * server document emitted as one batch, and only then relays and acks
 * (C-PERSIST-1, C-PERSIST-2, C-ACK-1). Also holds writes for a submission
 * (C-HOLD-1), compacts the log (C-PERSIST-5), and applies durable bytes from
 * other processes without storing them again (C-SCALE-2).
 */
export class RoomWriter {
  private phase: Phase = 'idle';
  private applyQueue: (QueuedUpdate | QueuedAck)[] = [];
  private actorWrites: ActorWrite[] = [];
  private batch = new PendingBatch();
  /** Set while applying one queued update or relayed bytes, so `onDocUpdate` knows where the update came from. */
  private applying: { source: 'client' | 'remote' | 'actor'; hadPending: boolean } | null = null;
  private validations = 0;
  private writeHolds = 0;
  private durableWaiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  private updatesInLog: number;

  constructor(private readonly deps: RoomWriterDeps) {
    this.updatesInLog = deps.updatesInLog;
    deps.ydoc.on('update', this.onDocUpdate);
  }

  /** The room failed or was destroyed (read through a getter: it changes across awaits). */
  private get stopped(): boolean {
    return this.phase === 'stopped';
  }

  /** Client writes are held (C-HOLD-1). */
  get held(): boolean {
    return this.writeHolds > 0;
  }

  /** Whether the log is long enough to fold into a snapshot (C-PERSIST-5). */
  get wantsCompaction(): boolean {
    return this.updatesInLog >= this.deps.tuning.compactAfterUpdates;
  }

  /** Counts a validation in progress, so `whenIdle` waits for it too. */
  async whileValidating(work: () => Promise<void>): Promise<void> {
    this.validations++;
    try {
      await work();
    } finally {
      this.validations--;
      this.maybeIdle();
    }
  }

  /** Queues a validated update for the next group commit. */
  enqueue(item: QueuedUpdate | QueuedAck): void {
    this.applyQueue.push(item);
    this.scheduleFlush();
  }

  /** Queues the ack of a write that changes nothing, after the writes queued before it (C-WRITE-6). */
  enqueueAck(connection: CollabConnection, seq: number): void {
    this.enqueue({ connection, seq, ackOnly: true });
  }

  /** Queues a change the server makes on someone's behalf (C-SUGGEST-5); it settles once durable and relayed. */
  enqueueActorWrite(write: ActorWrite): void {
    this.actorWrites.push(write);
    this.scheduleFlush();
  }

  /**
   * C-HOLD-1: stops applying client writes (they are validated and queued,
   * not refused) and resolves once everything applied is durable, so the
   * document equals the store while the hold lasts. Pair with releaseWrites.
   */
  holdWrites(): Promise<void> {
    this.writeHolds++;
    return new Promise((resolve) => this.whenDurable(resolve));
  }

  /** Ends a hold: queued writes are applied, or refused if the entry's status changed meanwhile (C-WRITE-2). */
  releaseWrites(): void {
    if (this.writeHolds === 0) return;
    this.writeHolds--;
    if (this.writeHolds === 0) {
      if (this.applyQueue.length > 0 || this.actorWrites.length > 0) this.scheduleFlush();
      this.deps.released();
    }
    this.maybeIdle();
  }

  /** Runs `run` once nothing applied is waiting to be written (at once if nothing is). */
  whenDurable(run: () => void): void {
    if (this.phase === 'writing') this.durableWaiters.push(run);
    else run();
  }

  /** Resolves when nothing is being validated, queued, written or compacted. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Something the idle test reads changed outside the writer (a connection left). */
  maybeIdle(): void {
    if (this.idleWaiters.length === 0 || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Folds the log into a snapshot once idle (used on unload and shutdown). A failure keeps the log. */
  async compact(): Promise<void> {
    await this.whenIdle();
    if (this.phase === 'stopped') return;
    // Someone else started a batch between the idle signal and now: wait for that one too.
    if (this.phase !== 'idle') return this.compact();
    await this.compactNow();
    this.flushWhatWaited();
  }

  /**
   * Applies stored (durable) bytes from elsewhere in one transaction, with the origin that keeps
   * them unstored. Returns false if they did not apply.
   */
  applyDurable(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): boolean {
    if (this.phase === 'stopped') return true;
    const doc = this.deps.doc();
    this.applying = { source: 'remote', hadPending: hasPending(doc) };
    try {
      Y.transact(
        doc,
        () => {
          if (snapshot) Y.applyUpdate(doc, snapshot, REMOTE_ORIGIN);
          for (const u of updates) Y.applyUpdate(doc, u, REMOTE_ORIGIN);
        },
        REMOTE_ORIGIN,
      );
      return true;
    } catch (err) {
      this.deps.logger.error('collab relayed update failed to apply', { entryId: this.deps.entryId, err: String(err) });
      return false;
    } finally {
      this.applying = null;
    }
  }

  /**
   * The room failed or is being destroyed: drop what is queued, stop writing, and let every waiter
   * go (they check the room and their connection, so a hold waiting here does not hang).
   */
  stop(): void {
    if (this.phase === 'stopped') return;
    this.phase = 'stopped';
    this.deps.ydoc.off('update', this.onDocUpdate);
    this.applyQueue = [];
    settleAll(this.actorWrites.splice(0), new Error(`collab room of ${this.deps.entryId} closed`));
    this.batch = new PendingBatch();
    this.runDurableWaiters();
    this.maybeIdle();
  }

  private isIdle(): boolean {
    if (this.phase === 'stopped') return true;
    const queued = this.applyQueue.length + this.actorWrites.length;
    return this.phase === 'idle' && this.validations === 0 && queued === 0 && this.batch.empty;
  }

  private scheduleFlush(): void {
    if (this.phase !== 'idle' || this.writeHolds > 0) return;
    this.phase = 'flushScheduled';
    this.deps.nextTurn(() => {
      if (this.phase !== 'flushScheduled') return;
      this.phase = 'idle';
      void this.flush();
    });
  }

  /** Applies every queued update, writes what the document emitted in one transaction, then relays and acks. */
  private async flush(): Promise<void> {
    if (this.writeHolds > 0 || (this.applyQueue.length === 0 && this.actorWrites.length === 0 && this.batch.empty)) {
      this.maybeIdle();
      return;
    }
    this.phase = 'writing';
    const queue = this.applyQueue;
    this.applyQueue = [];
    for (const item of queue) this.applyQueued(item);
    this.applying = { source: 'actor', hadPending: false };
    const applied = applyActorWrites(this.actorWrites.splice(0), this.deps, (id, user) => this.batch.claim(id, user));
    this.applying = null;
    const batch = this.batch;
    this.batch = new PendingBatch();

    let committed: CommitResult | undefined;
    if (batch.needsCommit) {
      try {
        committed = (await this.deps.commit(this.deps.entryId, batch.toUpdateBatch(Date.now()))) ?? undefined;
      } catch (err) {
        if (!this.stopped) this.phase = 'idle';
        settleAll(applied, err);
        this.commitFailed(err, batch);
        return;
      }
    }
    // Destroyed while the batch was written: nobody is left to tell.
    if (this.stopped) return settleAll(applied, new Error(`collab room of ${this.deps.entryId} closed`));

    // Durable: tell the other processes (C-SCALE-1), then relay and acknowledge here.
    if (committed && !batch.empty && committed.lastUpdateId > 0) this.deps.durable(committed, batch.updateData());
    batch.deliver(this.deps.connections);
    settleAll(applied, null);
    this.phase = 'idle';
    this.runDurableWaiters();

    this.updatesInLog += batch.updateCount;
    if (this.wantsCompaction && this.phase === 'idle') await this.compactNow();
    this.flushWhatWaited();
  }

  /** After a batch or a compaction: what arrived meanwhile goes in the next turn. */
  private flushWhatWaited(): void {
    if (this.applyQueue.length > 0 || this.actorWrites.length > 0 || !this.batch.empty) this.scheduleFlush();
    this.maybeIdle();
  }

  /** Applies one validated update if the room's judge admits it (C-WRITE-1, C-SCHEMA-*, C-SYNC-5 … 9). */
  private applyQueued(item: QueuedUpdate | QueuedAck): void {
    const { connection } = item;
    if (connection.closedByServer) return;
    if ('ackOnly' in item) {
      if (connection.mayAck(item.seq)) this.batch.ack(connection, item.seq);
      return;
    }
    const admitted = this.deps.admit(item);
    if (!admitted) return;
    if (!admitted.outlineOnly) this.batch.markGeneral(); // else the store takes it for a submitted entry (C-WRITE-5)
    for (const client of admitted.claims) this.batch.claim(client, connection.userId);

    const doc = this.deps.doc();
    this.applying = { source: 'client', hadPending: hasPending(doc) };
    try {
      Y.applyUpdate(doc, item.update, connection);
    } catch (err) {
      // The worker decoded it, so this is unexpected; whatever was integrated is stored as emitted.
      connection.refuse(new ProtocolError(CloseCode.invalidPayload, CloseReason.invalidUpdate, String(err)));
      return;
    } finally {
      this.applying = null;
    }

    // Admission refuses structs that would wait for missing dependencies (C-SCHEMA-1); what an update's
    // own structs leave waiting (they refer to each other in a cycle) is dropped with its sender (C-SYNC-7).
    const pendingBytes = (doc.store.pendingStructs?.update.length ?? 0) + (doc.store.pendingDs?.length ?? 0);
    if (pendingBytes > 0) {
      this.deps.logger.warn('collab pending structs over the cap; dropped', {
        entryId: this.deps.entryId,
        userId: connection.userId,
        pendingBytes,
      });
      doc.store.pendingStructs = null;
      doc.store.pendingDs = null;
      connection.close(CloseCode.policyViolation, CloseReason.pending);
      return;
    }
    if (connection.mayAck(item.seq)) this.batch.ack(connection, item.seq);
  }

  /** The server document emitted an update: record it and its provenance for the current batch. */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown, doc: Y.Doc, transaction: Y.Transaction) => {
    if (origin === LOAD_ORIGIN) return;
    if (origin === REMOTE_ORIGIN) {
      if (this.applying?.hadPending) {
        // It may have released structs a client here sent that waited for it: store what was emitted.
        this.batch.addUnattributedUpdate(update);
        this.scheduleFlush();
      } else {
        // Already durable (another process stored it): straight to our clients (C-SCALE-2).
        const message = encodeUpdateMessage(update);
        for (const c of this.deps.connections) c.send(message);
      }
      return;
    }
    if (this.applying?.source === 'client') {
      this.batch.addClientUpdate(update, origin as CollabConnection, this.applying.hadPending, doc, transaction);
    } else if (this.applying?.source === 'actor') {
      this.batch.addActorUpdate(update, (origin as ActorWrite).actor, doc, transaction);
    } else {
      this.batch.addUnattributedUpdate(update);
    }
    if (!this.applying) this.scheduleFlush();
  };

  /** Runs a compaction now; the caller makes sure no batch is being written. */
  private async compactNow(): Promise<void> {
    this.phase = 'compacting';
    try {
      const result = await this.deps.store.compact(this.deps.entryId, this.deps.compactionInput());
      this.deps.logger.debug('collab document compacted', { entryId: this.deps.entryId, ...result });
    } catch (err) {
      this.deps.logger.error('collab compaction failed; log kept', { entryId: this.deps.entryId, err });
    } finally {
      // After a failure, the next attempt comes another threshold's worth of updates later.
      this.updatesInLog = 0;
      if (!this.stopped) this.phase = 'idle';
    }
  }

  /** What a failed commit means for the room (C-PERSIST-3, C-SCALE-7, C-SYNC-5). */
  private commitFailed(err: unknown, batch: PendingBatch): void {
    if (err instanceof EntryNotWritableError) {
      // Submitted on another process while ours still took writes (C-SCALE-7): what the document
      // holds beyond the store is refused, so the room is dropped, and editors reopen read-only.
      this.deps.failed(err, CloseCode.entryStatusChanged, CloseReason.entryStatusChanged);
      return;
    }
    if (err instanceof ClientIdConflictError) {
      // Another process recorded these ids for someone else first (scaled mode): the claimant forged them.
      const forgers = new Set(batch.clients.filter((c) => err.clientIds.includes(c.clientId)).map((c) => c.userId));
      for (const c of this.deps.connections) {
        if (forgers.has(c.userId)) c.close(CloseCode.forgedClientId, CloseReason.forgedClientId);
      }
    }
    this.deps.failed(err);
  }

  private runDurableWaiters(): void {
    const waiters = this.durableWaiters;
    this.durableWaiters = [];
    for (const run of waiters) run();
  }
}

function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}
