import { CloseCode, MessageType } from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { createLogger } from '../logger.ts';
import { type CollabTuning, DEFAULT_COLLAB_TUNING } from './collabTuning.ts';
import type { DocStore } from './docStore.ts';
import { encodeSyncStep1, encodeUpdateMessage } from './messages.ts';
import { Room } from './Room.ts';
import { fakeConnection } from './testing/fakeConnection.ts';
import { edit, gatedStore, insertText, readText, until } from './testing/roomFixtures.ts';
import { createUpdateValidator } from './updateValidator.ts';

/**
 * Room behaviour with an in-memory store whose writes the test releases by
 * hand, and fake sockets that record what they are sent: the ordering rules
 * of C-PERSIST and C-ACK without a network.
 */
const logger = createLogger('silent');
const validator = createUpdateValidator({ workers: 1 });
afterAll(() => validator.close());

let rooms = 0;

function connect(room: Room, role: 'lead' | 'contributor' | 'viewer' = 'contributor', acks = false) {
  const { connection, socket } = fakeConnection(room.entryId, { role, acks, logger });
  room.join(connection);
  return { connection, socket };
}

function newRoom(store: DocStore, tuning: Partial<CollabTuning> = {}, storedState: Uint8Array | null = null) {
  const failed: Room[] = [];
  const room = new Room(
    { entryId: `entry${rooms++}`, status: 'draft', updatesInLog: 0, heldUpToId: 0, storedState },
    {
      store,
      commit: async (entryId, batch) => {
        await store.appendUpdates(entryId, batch);
        return undefined;
      },
      nextTurn: (flush) => setImmediate(flush),
      validator,
      logger,
      tuning: { ...DEFAULT_COLLAB_TUNING, ...tuning },
      onFailed: (r) => failed.push(r),
    },
  );
  return { room, failed };
}

describe('Room', () => {
  it('C-PERSIST-2: an update is relayed only after its batch is durable', async () => {
    const gate = gatedStore();
    const { room } = newRoom(gate.store);
    const a = connect(room);
    const b = connect(room);
    a.connection.receive(encodeUpdateMessage(edit(1, 'hello')), true);
    await gate.waitForAppends(1);
    expect(b.socket.of(MessageType.sync)).toHaveLength(0);
    expect((await gate.inner.loadDocument(room.entryId)).updates).toHaveLength(0);
    gate.release();
    await until(() => b.socket.of(MessageType.sync).length === 1);
    const doc = new Y.Doc();
    b.socket.applyTo(doc);
    expect(readText(doc)).toBe('hello');
    // The sender does not get its own update back.
    expect(a.socket.of(MessageType.sync)).toHaveLength(0);
    room.destroy();
  });

  it('C-SYNC-2: a SyncStep2 is never answered while a batch is in flight', async () => {
    const gate = gatedStore();
    const { room } = newRoom(gate.store);
    const a = connect(room);
    a.connection.receive(encodeUpdateMessage(edit(2, 'pending')), true);
    await gate.waitForAppends(1);
    const c = connect(room);
    c.connection.receive(encodeSyncStep1(new Y.Doc()), true);
    await new Promise((r) => setTimeout(r, 20));
    expect(c.socket.of(MessageType.sync)).toHaveLength(0);
    gate.release();
    await until(() => c.socket.of(MessageType.sync).length >= 2);
    const doc = new Y.Doc();
    c.socket.applyTo(doc);
    expect(readText(doc)).toBe('pending');
    room.destroy();
  });

  it('C-PERSIST-1: updates arriving together are stored in one batch with contributions and client ids', async () => {
    const gate = gatedStore();
    const { room } = newRoom(gate.store);
    const a = connect(room);
    const b = connect(room);
    // Hold the first batch so the next two accumulate behind it.
    a.connection.receive(encodeUpdateMessage(edit(3, 'first')), true);
    await gate.waitForAppends(1);
    a.connection.receive(encodeUpdateMessage(edit(4, 'second')), true);
    b.connection.receive(encodeUpdateMessage(edit(5, 'third')), true);
    await new Promise((r) => setTimeout(r, 30));
    gate.open();
    await gate.waitForAppends(2);
    await room.whenIdle();
    expect(gate.batches).toHaveLength(2);
    const second = gate.batches[1]!;
    expect(second.updates).toHaveLength(2);
    expect(second.contributions.map((c) => [c.userId, c.sections])).toEqual([
      [a.connection.userId, ['intro']],
      [b.connection.userId, ['intro']],
    ]);
    expect(second.clients).toEqual([
      { clientId: 4, userId: a.connection.userId },
      { clientId: 5, userId: b.connection.userId },
    ]);
    room.destroy();
  });

  it('C-PERSIST-3: when the write fails nothing is relayed or acknowledged and every connection closes 1011', async () => {
    const gate = gatedStore();
    const { room, failed } = newRoom(gate.store);
    const a = connect(room, 'contributor', true);
    const b = connect(room);
    a.connection.receive(encodeUpdateMessage(edit(6, 'lost?')), true);
    await gate.waitForAppends(1);
    gate.failNext();
    await until(() => failed.length === 1);
    expect(a.socket.closedWith).toBe(CloseCode.internalError);
    expect(b.socket.closedWith).toBe(CloseCode.internalError);
    expect(b.socket.of(MessageType.sync)).toHaveLength(0);
    expect(a.socket.acks()).toEqual([]);
  });

  it('C-ACK-1, C-ACK-2: acks count every sync message once durable, no-ops included', async () => {
    const gate = gatedStore();
    gate.open();
    const { room } = newRoom(gate.store);
    const a = connect(room, 'contributor', true);
    const update = edit(7, 'once');
    a.connection.receive(encodeUpdateMessage(update), true);
    a.connection.receive(encodeUpdateMessage(update), true); // a duplicate: a no-op
    await until(() => a.socket.acks().at(-1) === 2);
    expect(gate.batches.flatMap((batch) => batch.updates)).toHaveLength(1);
    room.destroy();
  });

  it('C-WRITE-1, C-ACK-3: a viewer’s writes are neither stored, relayed nor acknowledged', async () => {
    const gate = gatedStore();
    gate.open();
    const { room } = newRoom(gate.store);
    const viewer = connect(room, 'viewer', true);
    const other = connect(room);
    viewer.connection.receive(encodeUpdateMessage(edit(8, 'vandalism')), true);
    viewer.connection.receive(encodeSyncStep1(new Y.Doc()), true);
    await until(() => viewer.socket.of(MessageType.sync).length === 1);
    await room.whenIdle();
    expect(gate.batches).toHaveLength(0);
    expect(other.socket.of(MessageType.sync)).toHaveLength(0);
    expect(viewer.socket.acks()).toEqual([]);
    expect(viewer.socket.closedWith).toBeNull();
    // Viewers get SyncStep2 but not the server's SyncStep1 (nothing to push).
    const [reply] = viewer.socket.of(MessageType.sync);
    expect(decoding.readVarUint(reply!)).toBe(syncProtocol.messageYjsSyncStep2);
    room.destroy();
  });

  it('C-WRITE-2: once the entry is submitted nobody’s writes are applied', async () => {
    const gate = gatedStore();
    gate.open();
    const { room } = newRoom(gate.store);
    const lead = connect(room, 'lead');
    room.status = 'submitted';
    lead.connection.receive(encodeUpdateMessage(edit(9, 'late')), true);
    await new Promise((r) => setTimeout(r, 20));
    await room.whenIdle();
    expect(gate.batches).toHaveLength(0);
    expect(readText(room.doc)).toBe('');
    room.destroy();
  });

  it('C-SYNC-5: structs under a client id another person wrote under close the connection 4409', async () => {
    const gate = gatedStore();
    gate.open();
    const { room } = newRoom(gate.store);
    const alice = connect(room);
    const mallory = connect(room);
    alice.connection.receive(encodeUpdateMessage(edit(10, 'alice')), true);
    await until(() => mallory.socket.of(MessageType.sync).length === 1);
    // Mallory continues client 10's clock.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(room.doc));
    forged.clientID = 10;
    const before = Y.encodeStateVector(forged);
    insertText(forged, 0, 'mallory ');
    mallory.connection.receive(encodeUpdateMessage(Y.encodeStateAsUpdate(forged, before)), true);
    await until(() => mallory.socket.closedWith === CloseCode.forgedClientId);
    await room.whenIdle();
    expect(readText(room.doc)).toBe('alice');
    expect(gate.batches).toHaveLength(1);
    // Re-sending alice's own structs (already known) is not forgery.
    const bob = connect(room);
    bob.connection.receive(encodeUpdateMessage(edit(10, 'alice')), true);
    await new Promise((r) => setTimeout(r, 20));
    await room.whenIdle();
    expect(bob.socket.closedWith).toBeNull();
    room.destroy();
  });

  it('C-SCHEMA-1, C-SYNC-7: structs that would wait for missing ones are refused whole with 4422', async () => {
    const gate = gatedStore();
    gate.open();
    const { room } = newRoom(gate.store, { pendingStructsMaxBytes: 64 });
    const a = connect(room);
    // An update whose structs depend on clock 0..9 of client 11 that nobody sent.
    const source = new Y.Doc();
    source.clientID = 11;
    insertText(source, 0, 'x'.repeat(10));
    const sv = Y.encodeStateVector(source);
    insertText(source, 10, 'y'.repeat(200));
    a.connection.receive(encodeUpdateMessage(Y.encodeStateAsUpdate(source, sv)), true);
    await until(() => a.socket.closedWith === CloseCode.updateRefused);
    await room.whenIdle();
    expect(room.doc.store.pendingStructs).toBeNull();
    expect(Y.getState(room.doc.store, 11)).toBe(0);
    expect(gate.batches).toHaveLength(0);
    room.destroy();
  });
});

describe('Room write holds', () => {
  it('C-HOLD-1: a hold waits for the batch in flight, then queues writes unapplied until released', async () => {
    const gate = gatedStore();
    const { room } = newRoom(gate.store);
    const a = connect(room);
    a.connection.receive(encodeUpdateMessage(edit(11, 'before ')), true);
    await gate.waitForAppends(1);
    let held = false;
    const hold = room.holdWrites().then(() => {
      held = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(held).toBe(false); // the batch in flight is not durable yet
    gate.release();
    await hold;
    expect(readText(room.doc)).toBe('before ');

    a.connection.receive(encodeUpdateMessage(edit(12, 'during')), true);
    await new Promise((r) => setTimeout(r, 30));
    expect(gate.batches).toHaveLength(1);
    expect(readText(room.doc)).toBe('before ');

    gate.open();
    room.releaseWrites();
    await gate.waitForAppends(2);
    await room.whenIdle();
    expect(readText(room.doc)).toContain('during');
    room.destroy();
  });

  it('C-HOLD-1, C-WRITE-2: writes queued during a hold are refused if the entry was submitted meanwhile', async () => {
    const gate = gatedStore();
    gate.open();
    const { room } = newRoom(gate.store);
    const a = connect(room);
    await room.holdWrites();
    a.connection.receive(encodeUpdateMessage(edit(13, 'late')), true);
    await new Promise((r) => setTimeout(r, 30));
    room.status = 'submitted';
    room.releaseWrites();
    await room.whenIdle();
    expect(readText(room.doc)).toBe('');
    expect(gate.batches).toHaveLength(0);
    expect(a.connection.refusedWrites).toBe(1);
    room.destroy();
  });

  describe('a cold room (C-ROOM-1)', () => {
    /** A stored document: a snapshot of two paragraphs' worth of text plus a later update, merged. */
    function storedDocument() {
      const doc = new Y.Doc();
      doc.clientID = 90;
      insertText(doc, 0, 'stored snapshot');
      const snapshot = Y.encodeStateAsUpdate(doc);
      const before = Y.encodeStateVector(doc);
      insertText(doc, 0, 'logged, ');
      const logged = Y.encodeStateAsUpdate(doc, before);
      return { state: Y.mergeUpdates([snapshot, logged]), snapshot, text: 'logged, stored snapshot' };
    }

    it('answers the first SyncStep1 from the stored bytes before loading, with everything stored', async () => {
      const gate = gatedStore();
      gate.open();
      const stored = storedDocument();
      const { room } = newRoom(gate.store, {}, stored.state);
      const fresh = connect(room);
      const behind = connect(room);
      fresh.connection.receive(encodeSyncStep1(new Y.Doc()), true);
      // A client that already holds the snapshot gets only what it lacks.
      const partial = new Y.Doc();
      Y.applyUpdate(partial, stored.snapshot);
      behind.connection.receive(encodeSyncStep1(partial), true);
      // Answered synchronously, while the document is still unloaded.
      expect(room.loading).toBe(true);
      expect(fresh.socket.of(MessageType.sync)).toHaveLength(1);
      const freshDoc = new Y.Doc();
      fresh.socket.applyTo(freshDoc);
      expect(readText(freshDoc)).toBe(stored.text);
      behind.socket.applyTo(partial);
      expect(readText(partial)).toBe(stored.text);
      // The server's own SyncStep1 follows once the document is loaded; the load happens by itself.
      await until(() => !room.loading && fresh.socket.of(MessageType.sync).length === 2);
      expect(readText(room.doc)).toBe(stored.text);
      expect(gate.batches).toHaveLength(0);
      room.destroy();
    });

    it('applies and stores a write that arrives before the load after the stored state', async () => {
      const gate = gatedStore();
      gate.open();
      const stored = storedDocument();
      const { room } = newRoom(gate.store, {}, stored.state);
      const a = connect(room);
      const b = connect(room);
      const writer = new Y.Doc();
      writer.clientID = 91;
      Y.applyUpdate(writer, stored.state);
      const before = Y.encodeStateVector(writer);
      insertText(writer, 0, 'new: ');
      a.connection.receive(encodeUpdateMessage(Y.encodeStateAsUpdate(writer, before)), true);
      await until(() => b.socket.of(MessageType.sync).length === 1);
      expect(readText(room.doc)).toBe(`new: ${stored.text}`);
      // Only the new write is stored: the stored state is never written again.
      expect(gate.batches).toHaveLength(1);
      const replay = new Y.Doc();
      Y.applyUpdate(replay, stored.state);
      for (const update of gate.batches[0]!.updates) Y.applyUpdate(replay, update);
      expect(readText(replay)).toBe(`new: ${stored.text}`);
      room.destroy();
    });

    it('loads the document only once the replies made from the stored bytes are written out', async () => {
      const gate = gatedStore();
      gate.open();
      const stored = storedDocument();
      const { room } = newRoom(gate.store, {}, stored.state);
      const slow = connect(room);
      slow.socket.heldWrites = [];
      slow.connection.receive(encodeSyncStep1(new Y.Doc()), true);
      // Loading now would block the event loop while the rest of the reply waits to be written.
      await new Promise((r) => setTimeout(r, 30));
      expect(room.loading).toBe(true);
      for (const written of slow.socket.heldWrites.splice(0)) written();
      slow.socket.heldWrites = null;
      await until(() => !room.loading);
      expect(readText(room.doc)).toBe(stored.text);
      room.destroy();
    });

    it('compacts without loading the document when it was never needed', async () => {
      const gate = gatedStore();
      gate.open();
      const stored = storedDocument();
      const { room } = newRoom(gate.store, {}, stored.state);
      await gate.inner.appendUpdates(room.entryId, {
        updates: [stored.state],
        contributions: [],
        clients: [],
        createdAt: 0,
      });
      await room.compact();
      expect(room.loading).toBe(true);
      const after = await gate.inner.loadDocument(room.entryId);
      expect(after.updates).toHaveLength(0);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, after.snapshot!);
      expect(readText(doc)).toBe(stored.text);
      room.destroy();
    });

    it('refuses a state vector that does not decode, as a loaded room does', () => {
      const gate = gatedStore();
      const { room } = newRoom(gate.store, {}, storedDocument().state);
      const a = connect(room);
      const garbage = encoding.createEncoder();
      encoding.writeVarUint(garbage, MessageType.sync);
      encoding.writeVarUint(garbage, 0);
      encoding.writeVarUint8Array(garbage, new Uint8Array([5, 200, 1]));
      a.connection.receive(encoding.toUint8Array(garbage), true);
      expect(a.socket.closedWith).toBe(CloseCode.invalidPayload);
      room.destroy();
    });
  });
});
