import { countWords, type EntryStatus, type PresenceDto, SECTION_PREFIX, sectionPlainText } from '@jointly/shared';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import type { ActorWrite } from './ActorWrite.ts';
import type { CollabConnection } from './CollabConnection.ts';
import type { CollabTuning } from './collabTuning.ts';
import { type DocRelay, localDocRelay } from './docRelay.ts';
import { applyStoredDocument, type DocStore, type StoredDocument, type UpdateBatch } from './docStore.ts';
import { GroupCommitter } from './GroupCommitter.ts';
import { Room } from './Room.ts';
import type { UpdateValidator } from './updateValidator.ts';

export type RoomManagerDeps = {
  store: DocStore;
  validator: UpdateValidator;
  statusOf(entryId: string): Promise<EntryStatus | null>;
  /** The entry's sections and their word limits, which bound what its document may hold (C-SCHEMA-2). */
  sectionsOf?(entryId: string): Promise<ReadonlyMap<string, number | null> | null>;
  /** Whether the entry's finalist stage is open (C-WRITE-5); absent, it never is. */
  finalistOpenOf?(entryId: string): Promise<boolean>;
  logger: Logger;
  tuning: CollabTuning;
  /** Scaled mode: documents and presence relayed between processes; defaults to none. */
  relay?: DocRelay;
  /** Told, as a batch goes to its commit, who wrote in which sections (draft history); must only note. */
  noteWrites?(entryId: string, writes: UpdateBatch['contributions']): void;
};

/** What a `withWritesHeld` callback gets besides the document. */
export type HeldDocument = {
  /** Every stored update up to this id is in the document. */
  lastUpdateId: number;
  /**
   * Applies what the store holds beyond the document (read by the caller under the entry's lock,
   * so that nothing more can be stored): scaled mode, another process's updates (C-SCALE-7).
   */
  catchUp(stored: StoredDocument): void;
};

/** Holds that find the store ahead of the document (scaled mode) are tried this many times in all. */
const HOLD_STALE_ATTEMPTS = 4;

/**
 * Thrown by a `withWritesHeld` callback that found, under its own lock, that
 * the store holds updates the held document lacks (another process stored
 * them, and their relay has not arrived yet).
 */
export class StaleHoldError extends Error {
  constructor(entryId: string) {
    super(`the store holds updates of ${entryId} that the held document lacks`);
    this.name = 'StaleHoldError';
  }
}

/**
 * Room lifecycle, apart from the transport (STYLE 10): loads a document from
 * the store before any client is answered (C-ROOM-1), shares it between the
 * entry's connections, and unloads it ROOM_UNLOAD_GRACE_MS after the last one
 * leaves, compacting first (C-ROOM-2).
 */
export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private closing = false;
  private readonly committer: GroupCommitter;
  private readonly relay: DocRelay;
  private readonly stopReconnectListener: () => void;

  constructor(private readonly deps: RoomManagerDeps) {
    this.committer = new GroupCommitter(deps.store, deps.logger, deps.tuning.commitsInFlight);
    this.relay = deps.relay ?? localDocRelay;
    // C-SCALE-4: after Redis comes back, messages may have been missed both ways: every loaded
    // room catches up from the store and tells the others how far it goes.
    this.stopReconnectListener = this.relay.onReconnect(() => {
      for (const room of this.rooms.values()) {
        void room.follower.resyncFromStore();
        room.publishHead();
      }
    });
  }

  get(entryId: string): Room | undefined {
    return this.rooms.get(entryId);
  }

  loaded(): Room[] {
    return [...this.rooms.values()];
  }

  /** The entry's room, loading it if needed. */
  acquire(entryId: string): Promise<Room> {
    if (this.closing) return Promise.reject(new Error('collaboration server is closing'));
    this.cancelUnload(entryId);
    const room = this.rooms.get(entryId);
    if (room) return Promise.resolve(room);
    let pending = this.loading.get(entryId);
    if (!pending) {
      pending = this.load(entryId).finally(() => this.loading.delete(entryId));
      this.loading.set(entryId, pending);
    }
    return pending;
  }

  private async load(entryId: string): Promise<Room> {
    // A room still unloading finishes (its last writes and compaction) before the entry is read again.
    await this.unloading.get(entryId);
    const started = performance.now();
    // Subscribed before reading, so no batch stored after the read can pass unseen (C-SCALE-1).
    const membership = await this.relay.join(entryId);
    let stored: Awaited<ReturnType<DocStore['loadDocument']>>;
    let status: EntryStatus | null;
    let sections: ReadonlyMap<string, number | null> | null;
    let finalistOpen: boolean;
    try {
      [stored, status, sections, finalistOpen] = await Promise.all([
        this.deps.store.loadDocument(entryId),
        this.deps.statusOf(entryId),
        this.deps.sectionsOf ? this.deps.sectionsOf(entryId) : Promise.resolve(null),
        this.deps.finalistOpenOf?.(entryId) ?? Promise.resolve(false),
      ]);
    } catch (err) {
      membership.leave();
      throw err;
    }
    const room = new Room(
      {
        entryId,
        status,
        updatesInLog: stored.updates.length,
        heldUpToId: Math.max(stored.lastUpdateId, stored.updates.at(-1)?.id ?? 0),
        storedState: storedStateOf(stored),
        finalistOpen,
      },
      {
        store: this.deps.store,
        commit: (id, batch) => {
          this.deps.noteWrites?.(id, batch.contributions);
          return this.committer.submit(id, batch);
        },
        nextTurn: (flush) => this.committer.runInNextTurn(flush),
        validator: this.deps.validator,
        logger: this.deps.logger,
        tuning: this.deps.tuning,
        onFailed: (failed) => this.forget(failed),
        relay: this.relay.enabled ? membership : undefined,
        sections,
      },
    );
    this.rooms.set(entryId, room);
    // Batches relayed while the document was read are delivered now; those it already holds are skipped.
    membership.attach(room);
    this.deps.logger.debug('collab room loaded', {
      entryId,
      updates: stored.updates.length,
      ms: Math.round(performance.now() - started),
    });
    return room;
  }

  /** A connection left its room: unload the room after the grace period if it was the last. */
  release(room: Room, connection: CollabConnection): void {
    room.leave(connection);
    this.unloadWhenUnused(room);
  }

  /** Unloads the room after the grace period if nobody has it open. */
  private unloadWhenUnused(room: Room): void {
    if (room.connections.size > 0 || this.closing || this.rooms.get(room.entryId) !== room) return;
    this.cancelUnload(room.entryId);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.entryId);
      if (room.connections.size === 0) void this.unload(room.entryId);
    }, this.deps.tuning.roomUnloadGraceMs);
    timer.unref();
    this.unloadTimers.set(room.entryId, timer);
  }

  private cancelUnload(entryId: string): void {
    const timer = this.unloadTimers.get(entryId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(entryId);
  }

  /** Unloads a room nobody has open: finish its writes, compact, free it. */
  async unload(entryId: string): Promise<void> {
    const room = this.rooms.get(entryId);
    if (!room) return this.unloading.get(entryId);
    if (room.connections.size > 0) return;
    this.cancelUnload(entryId);
    this.rooms.delete(entryId);
    const done = (async () => {
      try {
        await room.compact();
      } finally {
        room.destroy();
      }
    })();
    this.unloading.set(entryId, done);
    try {
      await done;
      this.deps.logger.debug('collab room unloaded', { entryId });
    } finally {
      if (this.unloading.get(entryId) === done) this.unloading.delete(entryId);
    }
  }

  /**
   * Drops the entry's room without compacting (issue 18 item 2: the store was rewritten by an erasure,
   * and this process's document may still hold what was erased; compacting it would store it again).
   * The caller has closed its sockets; they reconnect to a room loaded from the store.
   */
  evict(entryId: string): void {
    const room = this.rooms.get(entryId);
    if (room) this.forget(room);
  }

  /** Storage failed in this room: forget it without compacting (its memory is ahead of the store). */
  private forget(room: Room): void {
    if (this.rooms.get(room.entryId) === room) this.rooms.delete(room.entryId);
    this.cancelUnload(room.entryId);
    room.destroy();
  }

  /**
   * The entry's outcome was recorded (C-WRITE-5): its loaded room reads again whether the finalist
   * stage is open. A write admitted meanwhile under the old answer is refused by the store's commit.
   */
  async refreshFinalistStage(entryId: string): Promise<void> {
    const room = this.rooms.get(entryId);
    if (!room || !this.deps.finalistOpenOf) return;
    try {
      const open = await this.deps.finalistOpenOf(entryId);
      if (this.rooms.get(entryId) === room) room.finalistOpen = open;
    } catch (err) {
      this.deps.logger.warn('collab finalist stage not read again; the periodic recheck will', { entryId, err });
    }
  }

  /** People with the entry open now (the dashboard's "active now"). */
  presence(entryId: string): PresenceDto[] {
    return this.rooms.get(entryId)?.presence() ?? [];
  }

  /** Words per section id, from the live document or else the stored one. */
  sectionWords(entryId: string): Promise<Map<string, number>> {
    return this.readDocument(entryId, wordsOf);
  }

  /**
   * Runs `read` on the entry's live document, or else on one loaded from the
   * store and freed afterwards. `read` must not keep the document or change it.
   */
  async readDocument<T>(entryId: string, read: (doc: Y.Doc) => T): Promise<T> {
    const room = this.rooms.get(entryId);
    if (room) return read(room.doc);
    const doc = applyStoredDocument(new Y.Doc(), await this.deps.store.loadDocument(entryId));
    try {
      return read(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Runs `run` on the entry's live document (loading it if needed) while its
   * client writes are held (C-HOLD-1): nothing changes the document until
   * `run` settles, and it holds every stored update up to `held.lastUpdateId`.
   * Writes that arrive meanwhile are applied afterwards, or refused if `run`
   * changed the entry's status. In scaled mode another process may have stored
   * more (C-SCALE-7): `run` compares under its own lock and throws
   * StaleHoldError, and the room catches up from the store and `run` runs
   * again, up to HOLD_STALE_ATTEMPTS times.
   */
  async withWritesHeld<T>(entryId: string, run: (doc: Y.Doc, held: HeldDocument) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const room = await this.acquire(entryId);
      try {
        await room.holdWrites();
        if (room.failed || room.destroyed) throw new Error(`collab room of ${entryId} is unavailable`);
        return await run(room.doc, {
          lastUpdateId: room.follower.heldUpTo,
          catchUp: (stored) => room.follower.catchUpWith(stored),
        });
      } catch (err) {
        if (!(err instanceof StaleHoldError) || attempt >= HOLD_STALE_ATTEMPTS) throw err;
        this.deps.logger.info('collab hold found the store ahead of the document; catching up', {
          entryId,
          attempt,
        });
      } finally {
        room.releaseWrites();
        this.unloadWhenUnused(room);
      }
      await room.follower.resyncFromStore();
    }
  }

  /**
   * Makes `write` on the entry's live document (loading it if needed) in its
   * room's next group-commit turn, on its actor's behalf (C-SUGGEST-5):
   * resolves once it is durable and relayed to every socket and process, and
   * rejects with why it was refused (nothing of it then written).
   */
  async writeAs(entryId: string, write: Omit<ActorWrite, 'settle'>): Promise<void> {
    const room = await this.acquire(entryId);
    try {
      if (room.failed || room.destroyed) throw new Error(`collab room of ${entryId} is unavailable`);
      await new Promise<void>((resolve, reject) => {
        room.writer.enqueueActorWrite({ ...write, settle: (err) => (err ? reject(err) : resolve()) });
      });
    } finally {
      this.unloadWhenUnused(room);
    }
  }

  /** Shutdown: wait for every room's writes, compact and free them all. */
  async close(): Promise<void> {
    this.closing = true;
    this.stopReconnectListener();
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    await Promise.allSettled([...this.loading.values()]);
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.allSettled([
      ...this.unloading.values(),
      ...rooms.map(async (room) => {
        try {
          await room.compact();
        } finally {
          room.destroy();
        }
      }),
    ]);
  }
}

/**
 * The stored document as one update (the room answers its first syncs from it while it loads):
 * merging is done on the encoded bytes, far cheaper than integrating them into a Y.Doc.
 */
function storedStateOf(stored: StoredDocument): Uint8Array {
  const parts = stored.updates.map((u) => u.data);
  if (stored.snapshot) parts.unshift(stored.snapshot);
  if (parts.length === 1) return parts[0] as Uint8Array;
  return parts.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(parts);
}

function wordsOf(doc: Y.Doc): Map<string, number> {
  const words = new Map<string, number>();
  for (const name of [...doc.share.keys()]) {
    if (!name.startsWith(SECTION_PREFIX)) continue;
    try {
      words.set(name.slice(SECTION_PREFIX.length), countWords(sectionPlainText(doc.getXmlFragment(name))));
    } catch {
      // A top-level type of another kind under a section's name holds no countable text.
    }
  }
  return words;
}
