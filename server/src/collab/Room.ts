import {
  CloseCode,
  CloseReason,
  type EntryStatus,
  EVIDENCE_MAP,
  type PresenceDto,
  TESTIMONIALS_MAP,
  unreachable,
} from '@jointly/shared';
import * as Y from 'yjs';
import { COLD_ROOM_LOAD_MAX_DEFER_MS, RELAY_BUFFER_MAX_MESSAGES, RELAY_GAP_RESYNC_MS } from '../config.ts';
import type { Logger } from '../logger.ts';
import { answerSyncStep1 } from './answerSyncStep1.ts';
import { ColdStart } from './ColdStart.ts';
import type { CollabConnection, ConnectionHandler } from './CollabConnection.ts';
import type { CollabTuning } from './collabTuning.ts';
import type { RelayedUpdates, RelayHandler, RelayMembership } from './docRelay.ts';
import { type DocStore, EntryNotWritableError, LOAD_ORIGIN, type UpdateBatch } from './docStore.ts';
import type { CommitResult } from './GroupCommitter.ts';
import { entryAcceptsWrites, writeScopeOf } from './mayWrite.ts';
import type { ClientMessage } from './messages.ts';
import type { QueuedUpdate } from './queuedWrites.ts';
import { RelayFollower } from './RelayFollower.ts';
import { RoomAwareness } from './RoomAwareness.ts';
import { RoomWriter } from './RoomWriter.ts';
import type { UpdateValidator } from './updateValidator.ts';
import { WriteGate } from './WriteGate.ts';

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

/** What the manager read about the entry to open its room. */
export type RoomInit = {
  entryId: string;
  status: EntryStatus | null;
  /** Updates in the stored log (compaction runs past a threshold). */
  updatesInLog: number;
  /** The last stored update id the stored state holds (snapshot or log). */
  heldUpToId: number;
  /** The stored document as one update, loaded into the room's document just after the first answers. */
  storedState: Uint8Array | null;
  /** The finalist stage is open: leads and contributors may write the outline (C-WRITE-5). */
  finalistOpen?: boolean;
};

/** A room serves until storage fails (C-PERSIST-3) or it is unloaded; neither state is left again. */
type RoomState = 'open' | 'failed' | 'destroyed';

/**
 * One loaded entry document and the connections editing it: answers sync
 * requests, validates client writes and hands them to its writer, which
 * group-commits and relays only after the commit (C-PERSIST-1, C-PERSIST-2).
 * Invariant (kept by the writer): while no batch is being written, the
 * document holds exactly what is durable, so a SyncStep2 never hands out
 * anything the store could still lose.
 */
export class Room implements ConnectionHandler, RelayHandler {
  readonly connections = new Set<CollabConnection>();
  /** Presence: who speaks for which awareness client id, throttling, broadcast (C-AW rules). */
  readonly presenceState: RoomAwareness;
  private state: RoomState = 'open';

  /** What a client write must pass: the document schema, cost bounds, client-id ownership. */
  private readonly gate: WriteGate;
  /** Applies, batches, writes, relays and acks validated writes; holds them for a submission. */
  readonly writer: RoomWriter;
  /**
   * Scaled mode (C-SCALE-2): which stored updates the document holds, relayed batches applied in
   * log order, and catching up with the store (the manager asks it directly after a reconnect or
   * under a submission's hold).
   */
  readonly follower: RelayFollower;
  /** C-ROOM-1: the stored document as bytes, answered from until it is loaded into `ydoc`. */
  private readonly cold: ColdStart;

  readonly entryId: string;
  status: EntryStatus | null;
  /** C-WRITE-5, read at load, on each `outcome` event and periodically (the store checks it too). */
  finalistOpen: boolean;
  private readonly ydoc = new Y.Doc({ gc: true });

  constructor(
    init: RoomInit,
    private readonly deps: RoomDeps,
  ) {
    const { entryId, storedState } = init;
    this.entryId = entryId;
    this.status = init.status;
    this.finalistOpen = init.finalistOpen ?? false;
    const ydoc = this.ydoc;
    // Fix the item collections' types before anything (a client, the stored state) can define them otherwise.
    ydoc.getMap(TESTIMONIALS_MAP);
    ydoc.getMap(EVIDENCE_MAP);
    this.follower = new RelayFollower(
      {
        entryId,
        logger: deps.logger,
        applyDurable: (snapshot, updates) => this.writer.applyDurable(snapshot, updates),
        loadStored: () => deps.store.loadDocument(entryId),
        held: () => this.writer.held,
        gone: () => this.state !== 'open',
        gapResyncMs: RELAY_GAP_RESYNC_MS,
        bufferMaxBatches: RELAY_BUFFER_MAX_MESSAGES,
      },
      init.heldUpToId,
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
        if (this.writer.wantsCompaction) void this.compact();
      },
      maxDeferMs: COLD_ROOM_LOAD_MAX_DEFER_MS,
    });
    this.writer = new RoomWriter({
      entryId,
      ydoc,
      doc: () => this.doc,
      store: deps.store,
      commit: deps.commit,
      nextTurn: deps.nextTurn,
      logger: deps.logger,
      tuning: deps.tuning,
      connections: this.connections,
      admit: (item) => this.admit(item),
      actorClient: (userId) => ({
        status: this.status,
        clientId: entryAcceptsWrites(this.status) ? this.gate.freshClientFor(this.doc, userId) : null,
      }),
      // A room whose stored bytes were never loaded holds nothing the store lacks (nothing is
      // written before the load): the store compacts on its own, without loading the document.
      compactionInput: () => (this.loading ? {} : { current: this.doc, currentHoldsUpTo: this.follower.heldUpTo }),
      durable: ({ previousUpdateId, lastUpdateId }, updates) => {
        deps.relay?.publishUpdates({ previousUpdateId, lastUpdateId, updates });
        this.follower.noteDurable(previousUpdateId, { lastUpdateId, updates: null });
      },
      failed: (err, code, reason) => this.fail(err, code, reason),
      released: () => this.follower.releaseDeferred(),
      updatesInLog: init.updatesInLog,
    });
    this.gate = new WriteGate({
      entryId,
      logger: deps.logger,
      tuning: deps.tuning,
      validator: deps.validator,
      store: deps.store,
      sections: deps.sections ?? null,
      announcedBy: (clientId) => this.presenceState.ownerOf(clientId),
      storageFailed: (err) => this.fail(err),
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

  /** Storage failed; the manager has forgotten the room (C-PERSIST-3). */
  get failed(): boolean {
    return this.state === 'failed';
  }

  get destroyed(): boolean {
    return this.state === 'destroyed';
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
    this.writer.maybeIdle();
  }

  /** People with the entry open now, once each (for the dashboard). */
  presence(): PresenceDto[] {
    return this.presenceState.people();
  }

  /** It may write somewhere: the whole document, or the finalist outline (C-WRITE-5). */
  acceptsWritesFrom(connection: CollabConnection): boolean {
    const may = writeScopeOf(connection.role, this.status, this.finalistOpen);
    return may.entry || may.outline;
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
      default:
        return unreachable(message, 'client message');
    }
  }

  /** C-SYNC-1, C-SYNC-2: answered once the document is durable. */
  private onSyncStep1(connection: CollabConnection, stateVector: Uint8Array): void {
    this.writer.whenDurable(() =>
      answerSyncStep1(connection, stateVector, {
        cold: this.cold,
        doc: () => this.doc,
        ydoc: this.ydoc,
        asksForWrites: this.acceptsWritesFrom(connection) || connection.wantsRefusals,
        gone: () => this.destroyed,
      }),
    );
  }

  /** C-SYNC-3 … C-SYNC-6: validate off the main thread, then queue for the next group commit. */
  private async onClientUpdate(connection: CollabConnection, update: Uint8Array): Promise<void> {
    const seq = connection.nextSyncSeq();
    if (!this.acceptsWritesFrom(connection)) return this.onReadOnlyWrite(connection, update, seq);
    await this.writer.whileValidating(async () => {
      const gone = () => connection.closed || this.state !== 'open';
      const prepared = await this.gate.prepare(() => this.doc, connection, update, gone);
      if (prepared) this.writer.enqueue({ connection, update, seq, ...prepared });
    });
  }

  /** C-WRITE-6: until its first refusal, a connection that asked is acked for a write that changes nothing. */
  private async onReadOnlyWrite(connection: CollabConnection, update: Uint8Array, seq: number): Promise<void> {
    if (!connection.judgeReadOnlyWrite()) return this.refuseWrite(connection, seq);
    await this.writer.whileValidating(async () => {
      const unchanged = await this.gate.changesNothing(() => this.doc, update);
      if (connection.closed || this.state !== 'open') return;
      if (unchanged) this.writer.enqueueAck(connection, seq);
      else this.refuseWrite(connection, seq);
    });
  }

  /** Judges a queued write against the document now (C-WRITE-1, C-WRITE-5, C-SCHEMA-*, C-SYNC-5, C-SYNC-9). */
  private admit(item: QueuedUpdate): { claims: readonly number[]; outlineOnly: boolean } | null {
    const may = writeScopeOf(item.connection.role, this.status, this.finalistOpen);
    const admitted = may.entry || may.outline ? this.gate.admit(this.doc, item.connection, item, may) : 'notWritable';
    if (admitted !== 'notWritable') return admitted;
    this.refuseWrite(item.connection, item.seq);
    return null;
  }

  /** C-WRITE-1: a viewer's (or any write after submission) is not applied; audited once per connection. */
  private refuseWrite(connection: CollabConnection, seq: number): void {
    if (connection.dropWrite(seq) > 1) return;
    const { userId, role } = connection;
    this.logger.warn('collab write refused', { entryId: this.entryId, userId, role, status: this.status });
  }

  // ---------------------------------------------------------------------------
  // Writes: holds, idle, compaction (the writer's, offered to the manager)
  // ---------------------------------------------------------------------------

  /** C-HOLD-1: client writes wait (queued, not refused) until releaseWrites; resolves once all applied is durable. */
  holdWrites(): Promise<void> {
    return this.writer.holdWrites();
  }

  releaseWrites(): void {
    this.writer.releaseWrites();
  }

  /** Resolves when nothing is being validated, queued, written or compacted. */
  whenIdle(): Promise<void> {
    return this.writer.whenIdle();
  }

  /** Folds the log into a snapshot (C-PERSIST-5) once idle; used on unload and shutdown. */
  compact(): Promise<void> {
    return this.writer.compact();
  }

  /**
   * Storage failed (or refused the batch): relay nothing, close every connection (1011 unless told
   * otherwise), and let the manager forget the room.
   */
  fail(err: unknown, code: number = CloseCode.internalError, reason: string = CloseReason.storage): void {
    if (this.state !== 'open') return;
    this.state = 'failed';
    if (err instanceof EntryNotWritableError) {
      this.status = err.status as EntryStatus;
      this.logger.warn('collab batch refused: entry no longer open for writing; room closed', {
        entryId: this.entryId,
        status: err.status,
      });
    } else {
      this.logger.error('collab storage failed; room closed', { entryId: this.entryId, err });
    }
    for (const c of this.connections) c.close(code, reason);
    // Waiters see `failed` and their closed connection; a hold waiting here must not hang.
    this.writer.stop();
    this.deps.onFailed(this);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.state = 'destroyed';
    this.deps.relay?.leave();
    this.follower.stop();
    this.writer.stop();
    this.presenceState.stop();
    // Destroying the doc destroys its Awareness too (and clears its timeout interval).
    this.cold.stop();
    this.ydoc.destroy();
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
    if (this.state === 'open') this.deps.relay?.publishHead(this.follower.heldUpTo);
  }
}
