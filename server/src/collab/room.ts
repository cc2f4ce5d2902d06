import {
  CloseCode,
  CloseReason,
  type EntryStatus,
  EVIDENCE_MAP,
  type PresenceDto,
  TESTIMONIALS_MAP,
} from '@jointly/shared';
import * as Y from 'yjs';
import { COLD_ROOM_LOAD_MAX_DEFER_MS, RELAY_BUFFER_MAX_MESSAGES, RELAY_GAP_RESYNC_MS } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { ClientRange, UpdateSummary } from './admission/updateSummary.ts';
import { ColdStart } from './coldStart.ts';
import type { CollabConnection, ConnectionHandler } from './collabConnection.ts';
import type { CollabTuning } from './collabTuning.ts';
import { describeTransaction } from './contributions.ts';
import { REMOTE_ORIGIN, type RelayedUpdates, type RelayHandler, type RelayMembership } from './docRelay.ts';
import {
  ClientIdConflictError,
  type ContributionInput,
  type DocStore,
  EntryNotWritableError,
  LOAD_ORIGIN,
  type StoredDocument,
  type UpdateBatch,
} from './docStore.ts';
import type { CommitResult } from './groupCommitter.ts';
import {
  type ClientMessage,
  encodeSavedMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncStep2FromUpdate,
  encodeUpdateMessage,
} from './messages.ts';
import { ProtocolError } from './protocolError.ts';
import { RelayFollower } from './relayFollower.ts';
import { RoomAwareness } from './roomAwareness.ts';
import type { UpdateValidator } from './updateValidator.ts';
import { WriteGate } from './writeGate.ts';
import { mayWrite } from './writePolicy.ts';

export type RoomDeps = {
  store: DocStore;
  /** Writes a batch durably, grouped with other rooms' batches of the same turn. */
  commit(entryId: string, batch: UpdateBatch): Promise<CommitResult | undefined>;
  /** Runs a flush in the next turn of group commits (GroupCommitter.runInNextTurn). */
  nextTurn(flush: () => void): void;
  validator: UpdateValidator;
  logger: Logger;
  tuning: CollabTuning;
  /** Storage failed: the manager forgets the room (C-PERSIST-3). */
  onFailed(room: Room): void;
  /** Scaled mode: the entry's channel to other processes (C-SCALE-1); absent, nothing is relayed. */
  relay?: RelayMembership;
  /** The entry's sections and word limits (C-SCHEMA-2, C-SCHEMA-3); absent, any well-formed section id. */
  sections?: ReadonlyMap<string, number | null> | null;
};

/** A client update that passed validation, waiting for the next group commit. */
type QueuedUpdate = {
  connection: CollabConnection;
  update: Uint8Array;
  summary: UpdateSummary;
  clients: ClientRange[];
  seq: number;
  /** A worker applied it to a copy of the document in little time (C-SCHEMA-4). */
  measured: boolean;
};

/** An update the server document emitted, waiting for its commit before it is relayed. */
type EmittedUpdate = { data: Uint8Array; origin: CollabConnection | null; relayToOrigin: boolean };

type Batch = {
  updates: EmittedUpdate[];
  contributions: ContributionInput[];
  clients: { clientId: number; userId: string }[];
  acks: Map<CollabConnection, number>;
};

const emptyBatch = (): Batch => ({ updates: [], contributions: [], clients: [], acks: new Map() });

/**
 * One loaded entry document and the connections editing it: applies
 * validated writes, group-commits what the server document emits, and relays
 * only after the commit (C-PERSIST-1, C-PERSIST-2). Invariant: while no batch
 * is being written, the document holds exactly what is durable, so a
 * SyncStep2 never hands out anything the store could still lose.
 */
export class Room implements ConnectionHandler, RelayHandler {
  readonly connections = new Set<CollabConnection>();
  /** Presence: who speaks for which awareness client id, throttling, broadcast (C-AW rules). */
  readonly presenceState: RoomAwareness;
  failed = false;
  destroyed = false;

  /** What a client write must pass: the document schema, cost bounds, client-id ownership. */
  private readonly gate: WriteGate;
  private applyQueue: QueuedUpdate[] = [];
  private batch: Batch = emptyBatch();
  /** Set while applying one queued update, so the doc's `update` handler knows its origin. */
  private applying: { hadPending: boolean } | null = null;
  /** A batch is being written: the document is ahead of the store. */
  private writing = false;
  /** A compaction runs: the document equals the store, but no new batch may start. */
  private compacting = false;
  private flushScheduled = false;
  private validations = 0;
  private durableWaiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  private updatesInLog: number;
  /** Holds on client writes (holdWrites): while any, validated writes wait in the queue, unapplied. */
  private writeHolds = 0;

  /** Scaled mode (C-SCALE-2): which stored updates the document holds; relayed batches in log order. */
  private readonly follower: RelayFollower;
  /** Set while applying relayed bytes, so the doc's `update` handler relays instead of storing. */
  private applyingRemote: { hadPending: boolean } | null = null;

  /** C-ROOM-1: the stored document as bytes, answered from until it is loaded into `ydoc`. */
  private readonly cold: ColdStart;

  constructor(
    readonly entryId: string,
    private readonly ydoc: Y.Doc,
    public status: EntryStatus | null,
    private readonly deps: RoomDeps,
    updatesInLog: number,
    /** The last stored update id the loaded document holds (snapshot or log). */
    heldUpToId = 0,
    /** The stored document as one update, to load into the (empty) `ydoc` just after the first answers. */
    storedState: Uint8Array | null = null,
  ) {
    this.updatesInLog = updatesInLog;
    this.follower = new RelayFollower(
      {
        entryId,
        logger: deps.logger,
        applyDurable: (snapshot, updates) => this.applyRemote(snapshot, updates),
        loadStored: () => deps.store.loadDocument(entryId),
        held: () => this.writeHolds > 0,
        gone: () => this.failed || this.destroyed,
        gapResyncMs: RELAY_GAP_RESYNC_MS,
        bufferMaxBatches: RELAY_BUFFER_MAX_MESSAGES,
      },
      heldUpToId,
    );
    this.cold = new ColdStart(storedState, {
      load: (state) => {
        const started = performance.now();
        Y.applyUpdate(this.ydoc, state, LOAD_ORIGIN);
        this.logger.debug('collab room document loaded', {
          entryId: this.entryId,
          bytes: state.length,
          ms: Math.round(performance.now() - started),
        });
      },
      loaded: () => {
        if (this.updatesInLog >= this.deps.tuning.compactAfterUpdates) void this.compact();
      },
      maxDeferMs: COLD_ROOM_LOAD_MAX_DEFER_MS,
    });
    // Fix the item collections' types before any client can define them otherwise.
    for (const name of [TESTIMONIALS_MAP, EVIDENCE_MAP]) {
      try {
        ydoc.getMap(name);
      } catch (err) {
        deps.logger.warn('collab item collection has an unexpected type', { entryId, name, err: String(err) });
      }
    }
    ydoc.on('update', this.onDocUpdate);
    this.gate = new WriteGate({
      entryId,
      logger: deps.logger,
      tuning: deps.tuning,
      validator: deps.validator,
      store: deps.store,
      sections: deps.sections ?? null,
      announcedBy: (clientId) => this.presenceState.ownerOf(clientId),
    });
    this.presenceState = new RoomAwareness({
      entryId,
      doc: ydoc,
      tuning: deps.tuning,
      logger: deps.logger,
      connections: this.connections,
      writerOf: (clientId) => this.gate.writerOf(clientId),
      publish: deps.relay ? (update) => deps.relay?.publishAwareness(update) : undefined,
    });
  }

  /** The entry's document, with everything stored applied (loading it now if that has not happened yet). */
  get doc(): Y.Doc {
    this.cold.ensureLoaded();
    return this.ydoc;
  }

  /** Every stored update up to this id is in the document (in scaled mode, others may have stored more). */
  get storedUpTo(): number {
    return this.follower.heldUpTo;
  }

  /** Whether the stored state is still waiting to be applied to the document. */
  get loading(): boolean {
    return this.cold.bytes !== null;
  }

  private get logger() {
    return this.deps.logger;
  }

  // ---------------------------------------------------------------------------
  // Connections
  // ---------------------------------------------------------------------------

  join(connection: CollabConnection): void {
    this.connections.add(connection);
    this.cold.joined(connection);
    const present = this.presenceState.snapshotMessage();
    if (present) connection.send(present);
    connection.attach(this);
  }

  /** The connection closed: forget it and withdraw its presence (C-AW-6). */
  leave(connection: CollabConnection): void {
    if (!this.connections.delete(connection)) return;
    this.cold.left(connection);
    if (connection.refusedWrites > 0) {
      this.logger.warn('collab writes refused during connection', {
        entryId: this.entryId,
        userId: connection.userId,
        refused: connection.refusedWrites,
      });
    }
    this.presenceState.leave(connection);
    this.maybeIdle();
  }

  /** People with the entry open now, once each (for the dashboard). */
  presence(): PresenceDto[] {
    const people = new Map<string, PresenceDto>();
    for (const c of this.connections) {
      if (c.closed) continue;
      people.set(c.userId, { userId: c.userId, name: c.auth.user.name, organisationName: c.auth.organisation.name });
    }
    return [...people.values()];
  }

  acceptsWritesFrom(connection: CollabConnection): boolean {
    return mayWrite(connection.role, this.status);
  }

  // ---------------------------------------------------------------------------
  // Messages
  // ---------------------------------------------------------------------------

  handleMessage(connection: CollabConnection, message: ClientMessage): void | Promise<void> {
    switch (message.kind) {
      case 'syncStep1':
        return this.onSyncStep1(connection, message.stateVector);
      case 'syncStep2':
      case 'update':
        return this.onClientUpdate(connection, message.update);
      case 'awareness':
        return this.presenceState.receive(connection, message.update);
      case 'queryAwareness': {
        const present = this.presenceState.snapshotMessage();
        if (present) connection.send(present);
        return;
      }
      default: {
        const never: never = message;
        return never;
      }
    }
  }

  /**
   * C-SYNC-1, C-SYNC-2: answer with SyncStep2 from the server document once it
   * is durable, then (to writers) our SyncStep1 so the client sends what we lack.
   */
  private onSyncStep1(connection: CollabConnection, stateVector: Uint8Array): void {
    this.whenDurable(() => {
      if (connection.closed || this.destroyed) return;
      // Before the load, the stored bytes are exactly what the document will hold (nothing is written
      // before the load), so the answer is the same, without waiting for the load.
      const stored = this.cold.bytes;
      let reply: Uint8Array;
      try {
        reply = stored ? encodeSyncStep2FromUpdate(stored, stateVector) : encodeSyncStep2(this.doc, stateVector);
      } catch (err) {
        connection.refuse(
          new ProtocolError(CloseCode.invalidPayload, CloseReason.invalidSync, `state vector: ${String(err)}`),
        );
        return;
      }
      if (!stored) {
        connection.send(reply);
        if (this.acceptsWritesFrom(connection)) connection.send(encodeSyncStep1(this.doc));
        return;
      }
      connection.send(reply, () => this.cold.answered(connection));
      if (this.acceptsWritesFrom(connection)) {
        this.cold.whenLoaded(() => {
          if (!connection.closed && !this.destroyed) connection.send(encodeSyncStep1(this.ydoc));
        });
      }
    });
  }

  /** C-SYNC-3 … C-SYNC-6: validate off the main thread, then queue for the next group commit. */
  private async onClientUpdate(connection: CollabConnection, update: Uint8Array): Promise<void> {
    const seq = ++connection.syncReceived;
    if (!this.acceptsWritesFrom(connection)) {
      this.refuseWrite(connection);
      return;
    }
    this.validations++;
    try {
      const result = await this.deps.validator.validate(update);
      if (connection.closed || this.failed || this.destroyed) return;
      if (!result.ok) {
        if (result.failure === 'invalid') {
          throw new ProtocolError(CloseCode.invalidPayload, CloseReason.invalidUpdate, result.message);
        }
        if (result.failure === 'closed') return;
        throw new ProtocolError(CloseCode.processingTimeout, CloseReason.timeout, result.message);
      }
      // Owners of client ids this update writes new structs under, fetched before the apply (C-SYNC-5).
      try {
        await this.gate.prefetchOwners(this.doc, result.clients);
      } catch (err) {
        this.fail(err);
        return;
      }
      if (connection.closed || this.failed || this.destroyed) return;
      const measured = await this.gate.measureIfUnbounded(this.doc, connection, update, result.summary);
      if (measured === 'refused' || connection.closed || this.failed || this.destroyed) return;
      this.applyQueue.push({ connection, update, summary: result.summary, clients: result.clients, seq, measured });
      this.scheduleFlush();
    } finally {
      this.validations--;
      this.maybeIdle();
    }
  }

  /** C-WRITE-1: a viewer's (or any write after submission) is not applied; audited once per connection. */
  private refuseWrite(connection: CollabConnection): void {
    connection.writeRefused = true;
    connection.refusedWrites++;
    if (connection.refusedWrites === 1) {
      this.logger.warn('collab write refused', {
        entryId: this.entryId,
        userId: connection.userId,
        role: connection.role,
        status: this.status,
      });
    }
  }

  // ---------------------------------------------------------------------------
  // Group commit
  // ---------------------------------------------------------------------------

  /**
   * C-HOLD-1: stops applying client writes (they are validated and queued,
   * not refused) and resolves once everything applied is durable, so the
   * document equals the store while the hold lasts. Used to read a document
   * for a submission that must not race with edits. Pair with releaseWrites.
   */
  holdWrites(): Promise<void> {
    this.writeHolds++;
    return new Promise((resolve) => this.whenDurable(resolve));
  }

  /** Ends a hold: queued writes are applied, or refused if the entry's status changed meanwhile (C-WRITE-2). */
  releaseWrites(): void {
    if (this.writeHolds === 0) return;
    this.writeHolds--;
    if (this.writeHolds === 0 && this.applyQueue.length > 0) this.scheduleFlush();
    if (this.writeHolds === 0) this.follower.releaseDeferred();
    this.maybeIdle();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.writing || this.compacting || this.failed || this.writeHolds > 0) return;
    this.flushScheduled = true;
    this.deps.nextTurn(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  /** Applies every queued update, writes what the document emitted in one transaction, then relays and acks. */
  private async flush(): Promise<void> {
    if (this.writing || this.compacting || this.failed || this.destroyed) return;
    if (this.writeHolds > 0) {
      this.maybeIdle();
      return;
    }
    if (this.applyQueue.length === 0 && this.batch.updates.length === 0) {
      this.maybeIdle();
      return;
    }
    this.writing = true;
    const queue = this.applyQueue;
    this.applyQueue = [];
    for (const item of queue) this.applyQueued(item);
    const batch = this.batch;
    this.batch = emptyBatch();
    const createdAt = Date.now();

    let committed: CommitResult | undefined;
    if (batch.updates.length > 0 || batch.clients.length > 0) {
      try {
        committed =
          (await this.deps.commit(this.entryId, {
            updates: batch.updates.map((u) => u.data),
            contributions: batch.contributions,
            clients: batch.clients,
            createdAt,
          })) ?? undefined;
      } catch (err) {
        this.writing = false;
        if (err instanceof EntryNotWritableError) {
          // Submitted on another process while ours still took writes (C-SCALE-7): what the document
          // holds beyond the store is refused, so the room is dropped, and editors reopen read-only.
          this.status = err.status as EntryStatus;
          this.fail(err, CloseCode.entryStatusChanged, CloseReason.entryStatusChanged);
          return;
        }
        if (err instanceof ClientIdConflictError) {
          // Another process recorded these ids for someone else first (scaled mode): the claimant forged them.
          const forgers = new Set(batch.clients.filter((c) => err.clientIds.includes(c.clientId)).map((c) => c.userId));
          for (const c of this.connections) {
            if (forgers.has(c.userId)) c.close(CloseCode.forgedClientId, CloseReason.forgedClientId);
          }
        }
        this.fail(err);
        return;
      }
    }
    if (this.destroyed) return;

    // Durable: tell the other processes (C-SCALE-1), relay each update to the others here
    // (C-PERSIST-2), then acknowledge (C-ACK-1).
    if (committed && batch.updates.length > 0 && committed.lastUpdateId > 0) {
      const updates = batch.updates.map((u) => u.data);
      this.deps.relay?.publishUpdates({
        previousUpdateId: committed.previousUpdateId,
        lastUpdateId: committed.lastUpdateId,
        updates,
      });
      this.follower.noteDurable(committed.previousUpdateId, { lastUpdateId: committed.lastUpdateId, updates: null });
    }
    for (const emitted of batch.updates) {
      const message = encodeUpdateMessage(emitted.data);
      for (const c of this.connections) {
        if (c !== emitted.origin || emitted.relayToOrigin) c.send(message);
      }
    }
    for (const [connection, seq] of batch.acks) connection.send(encodeSavedMessage(seq));
    this.writing = false;
    this.runDurableWaiters();

    this.updatesInLog += batch.updates.length;
    if (this.updatesInLog >= this.deps.tuning.compactAfterUpdates) await this.compactNow();
    if (this.applyQueue.length > 0) this.scheduleFlush();
    this.maybeIdle();
  }

  /** Applies one validated update if its connection may still write (C-WRITE-1, C-SYNC-5, C-SYNC-6). */
  private applyQueued(item: QueuedUpdate): void {
    const { connection } = item;
    if (connection.closedByServer) return;
    if (!this.acceptsWritesFrom(connection)) {
      this.refuseWrite(connection);
      return;
    }
    // C-SCHEMA-*, C-SYNC-5, C-SYNC-9: judged against the document as it is now, before anything is applied.
    const admitted = this.gate.admit(this.doc, connection, item);
    if (!admitted) return;
    for (const client of admitted.claims) this.batch.clients.push({ clientId: client, userId: connection.userId });

    const hadPending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    this.applying = { hadPending };
    try {
      Y.applyUpdate(this.doc, item.update, connection);
    } catch (err) {
      // The worker decoded it, so this is unexpected; whatever was integrated is stored as emitted.
      connection.refuse(new ProtocolError(CloseCode.invalidPayload, CloseReason.invalidUpdate, String(err)));
      return;
    } finally {
      this.applying = null;
    }

    // Admission refuses structs that would wait for missing dependencies (C-SCHEMA-1); what an update's
    // own structs leave waiting (they refer to each other in a cycle) is dropped with its sender (C-SYNC-7).
    const pendingBytes = (this.doc.store.pendingStructs?.update.length ?? 0) + (this.doc.store.pendingDs?.length ?? 0);
    if (pendingBytes > 0) {
      this.logger.warn('collab pending structs over the cap; dropped', {
        entryId: this.entryId,
        userId: connection.userId,
        pendingBytes,
      });
      this.doc.store.pendingStructs = null;
      this.doc.store.pendingDs = null;
      connection.close(CloseCode.policyViolation, CloseReason.pending);
      return;
    }
    if (connection.wantsAcks && !connection.writeRefused) this.batch.acks.set(connection, item.seq);
  }

  /** The server document emitted an update: record it and its provenance for the current batch. */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown, doc: Y.Doc, transaction: Y.Transaction) => {
    if (origin === LOAD_ORIGIN) return;
    if (origin === REMOTE_ORIGIN) {
      if (this.applyingRemote?.hadPending) {
        // It may have released structs a client here sent that waited for it: store what was emitted.
        this.batch.updates.push({ data: update, origin: null, relayToOrigin: true });
        this.scheduleFlush();
      } else {
        // Already durable (another process stored it): straight to our clients (C-SCALE-2).
        const message = encodeUpdateMessage(update);
        for (const c of this.connections) c.send(message);
      }
      return;
    }
    const connection = this.applying ? (origin as CollabConnection) : null;
    this.batch.updates.push({ data: update, origin: connection, relayToOrigin: this.applying?.hadPending ?? true });
    if (connection) {
      const footprint = describeTransaction(doc, transaction);
      this.batch.contributions.push({
        userId: connection.userId,
        organisationId: connection.auth.organisation.id,
        sections: footprint.sections,
        items: footprint.items,
        createdAt: Date.now(),
      });
    }
    if (!this.applying) this.scheduleFlush();
  };

  /**
   * Storage failed (or refused the batch): relay nothing, close every connection (1011 unless told
   * otherwise), and let the manager forget the room.
   */
  fail(err: unknown, code: number = CloseCode.internalError, reason: string = CloseReason.storage): void {
    if (this.failed) return;
    this.failed = true;
    if (err instanceof EntryNotWritableError) {
      this.logger.warn('collab batch refused: entry no longer open for writing; room closed', {
        entryId: this.entryId,
        status: err.status,
      });
    } else {
      this.logger.error('collab storage failed; room closed', { entryId: this.entryId, err });
    }
    this.applyQueue = [];
    this.batch = emptyBatch();
    for (const c of this.connections) c.close(code, reason);
    // Waiters check the room and their connection; a hold waiting here must not hang (it sees `failed`).
    this.runDurableWaiters();
    this.deps.onFailed(this);
    this.maybeIdle();
  }

  // ---------------------------------------------------------------------------
  // Compaction and lifecycle
  // ---------------------------------------------------------------------------

  /**
   * Folds the log into a snapshot (C-PERSIST-5), once the room is idle (used
   * on unload and shutdown). A failure is logged and leaves the log as it was.
   */
  async compact(): Promise<void> {
    await this.whenIdle();
    if (this.failed || this.destroyed) return;
    if (this.writing || this.compacting) return this.compact();
    await this.compactNow();
    if (this.applyQueue.length > 0) this.scheduleFlush();
    this.maybeIdle();
  }

  /** Runs a compaction now; the caller guarantees no batch is being written. */
  private async compactNow(): Promise<void> {
    this.compacting = true;
    try {
      // A room whose stored bytes were never loaded holds nothing the store lacks (nothing is
      // written before the load): the store compacts on its own, without loading the document.
      const result = await this.deps.store.compact(
        this.entryId,
        this.loading ? {} : { current: this.doc, currentHoldsUpTo: this.follower.heldUpTo },
      );
      this.logger.debug('collab document compacted', { entryId: this.entryId, ...result });
    } catch (err) {
      this.logger.error('collab compaction failed; log kept', { entryId: this.entryId, err });
    } finally {
      // After a failure, the next attempt comes another threshold's worth of updates later.
      this.updatesInLog = 0;
      this.compacting = false;
    }
  }

  /** Resolves when nothing is being validated, queued, written or compacted. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return (
      this.failed ||
      this.destroyed ||
      (!this.writing &&
        !this.compacting &&
        !this.flushScheduled &&
        this.validations === 0 &&
        this.applyQueue.length === 0 &&
        this.batch.updates.length === 0)
    );
  }

  private maybeIdle(): void {
    if (this.idleWaiters.length === 0 || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private whenDurable(run: () => void): void {
    if (!this.writing) run();
    else this.durableWaiters.push(run);
  }

  private runDurableWaiters(): void {
    const waiters = this.durableWaiters;
    this.durableWaiters = [];
    for (const run of waiters) run();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.deps.relay?.leave();
    this.follower.stop();
    this.ydoc.off('update', this.onDocUpdate);
    this.presenceState.stop();
    // Destroying the doc destroys its Awareness too (and clears its timeout interval).
    this.cold.stop();
    this.ydoc.destroy();
    this.maybeIdle();
  }

  // ---------------------------------------------------------------------------
  // Scaled mode: batches and presence from other processes (C-SCALE rules)
  // ---------------------------------------------------------------------------

  /** A durable batch another process stored (C-SCALE-2). */
  onRemoteUpdates(message: RelayedUpdates): void {
    this.follower.onRemoteUpdates(message);
  }

  onRemoteAwareness(update: Uint8Array): void {
    if (this.destroyed) return;
    this.presenceState.applyRemote(update);
  }

  onRemoteHead(lastUpdateId: number): void {
    this.follower.onRemoteHead(lastUpdateId);
  }

  /** Tells the other processes how far our document goes (after a reconnect, so they notice what they missed). */
  publishHead(): void {
    if (!this.failed && !this.destroyed) this.deps.relay?.publishHead(this.follower.heldUpTo);
  }

  /** Catches up with the store (a gap, a reconnect to Redis, another process's head). */
  resyncFromStore(): Promise<void> {
    return this.follower.resyncFromStore();
  }

  /** Applies what a read of the store holds beyond the document (during a hold too, C-SCALE-7). */
  catchUpWith(stored: StoredDocument): void {
    this.follower.catchUpWith(stored);
  }

  /** Applies stored (durable) bytes from elsewhere in one transaction, with the origin that keeps them unstored. */
  private applyRemote(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): boolean {
    if (this.destroyed) return true;
    const hadPending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    this.applyingRemote = { hadPending };
    try {
      Y.transact(
        this.doc,
        () => {
          if (snapshot) Y.applyUpdate(this.doc, snapshot, REMOTE_ORIGIN);
          for (const u of updates) Y.applyUpdate(this.doc, u, REMOTE_ORIGIN);
        },
        REMOTE_ORIGIN,
      );
      return true;
    } catch (err) {
      this.logger.error('collab relayed update failed to apply', { entryId: this.entryId, err: String(err) });
      return false;
    } finally {
      this.applyingRemote = null;
    }
  }
}
