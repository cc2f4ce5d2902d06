import { CloseCode, MessageType } from '@jointly/shared';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger.ts';
import type { CollabConnection } from './CollabConnection.ts';
import { DEFAULT_COLLAB_TUNING } from './collabTuning.ts';
import { ClientIdConflictError, type DocStore, EntryNotWritableError } from './docStore.ts';
import type { QueuedUpdate } from './queuedWrites.ts';
import { RoomWriter } from './RoomWriter.ts';
import { fakeConnection } from './testing/fakeConnection.ts';
import { edit, gatedStore, readText, until } from './testing/roomFixtures.ts';
import { createUpdateValidator } from './updateValidator.ts';

/**
 * The writer alone, on a real Y.Doc and an in-memory store whose writes the
 * test releases by hand: its phases, holds, waiters and failures, with the
 * room's judgement replaced by a rule the test states.
 */
const logger = createLogger('silent');
const validator = createUpdateValidator({ workers: 1 });
afterAll(() => validator.close());

let entries = 0;

function newWriter(
  store: DocStore,
  options: { admit?: (item: QueuedUpdate) => boolean; compactAfterUpdates?: number } = {},
) {
  const entryId = `writer-entry${entries++}`;
  const ydoc = new Y.Doc();
  const connections = new Set<CollabConnection>();
  const failures: { err: unknown; code?: number }[] = [];
  const durable: number[] = [];
  const writer = new RoomWriter({
    entryId,
    ydoc,
    doc: () => ydoc,
    store,
    commit: async (id, batch) => {
      const outcome = await store.appendUpdates(id, batch);
      return { ok: true as const, previousUpdateId: 0, lastUpdateId: outcome.lastUpdateId };
    },
    nextTurn: (flush) => setImmediate(flush),
    logger,
    tuning: { ...DEFAULT_COLLAB_TUNING, compactAfterUpdates: options.compactAfterUpdates ?? 1000 },
    connections,
    actorClient: () => ({ status: 'draft', clientId: null }),
    admit: (item) =>
      (options.admit ?? (() => true))(item) ? { claims: item.clients.map((c) => c.client), outlineOnly: false } : null,
    compactionInput: () => ({ current: ydoc }),
    durable: (committed) => durable.push(committed.lastUpdateId),
    failed: (err, code) => failures.push({ err, code }),
    released: () => {},
    updatesInLog: 0,
  });
  const join = (acks = false) => {
    const joined = fakeConnection(entryId, { acks, logger });
    connections.add(joined.connection);
    return joined;
  };
  let seq = 0;
  const queue = async (connection: CollabConnection, update: Uint8Array) => {
    const result = await validator.validate(update);
    if (!result.ok) throw new Error(result.message);
    writer.enqueue({
      connection,
      update,
      summary: result.summary,
      clients: result.clients,
      seq: ++seq,
      measured: false,
    });
  };
  return { writer, ydoc, entryId, join, queue, failures, durable };
}

describe('RoomWriter', () => {
  it('C-PERSIST-1, C-PERSIST-2: writes of one turn are one batch, relayed to the others and acked only once durable', async () => {
    const gate = gatedStore();
    const { writer, join, queue, durable } = newWriter(gate.store);
    const a = join(true);
    const b = join();
    await queue(a.connection, edit(1, 'one '));
    await queue(a.connection, edit(2, 'two'));
    await gate.waitForAppends(1);
    expect(gate.batches[0]?.updates).toHaveLength(2);
    expect(gate.batches[0]?.clients.map((c) => c.clientId)).toEqual([1, 2]);
    expect(b.socket.of(MessageType.sync)).toHaveLength(0);
    expect(a.socket.acks()).toEqual([]);
    gate.release();
    await writer.whenIdle();
    expect(b.socket.of(MessageType.sync)).toHaveLength(2);
    expect(a.socket.of(MessageType.sync)).toHaveLength(0); // its own writes are not echoed
    expect(a.socket.acks()).toEqual([2]);
    expect(durable).toHaveLength(1);
  });

  it('an update the judge refuses is neither applied, stored nor acked', async () => {
    const gate = gatedStore();
    gate.open();
    const { writer, ydoc, join, queue } = newWriter(gate.store, { admit: (item) => item.seq !== 1 });
    const a = join(true);
    await queue(a.connection, edit(3, 'refused'));
    await writer.whenIdle();
    expect(readText(ydoc)).toBe('');
    expect(gate.batches).toHaveLength(0);
  });

  it('C-HOLD-1: a hold waits for the batch in flight, then keeps queued writes unapplied until released', async () => {
    const gate = gatedStore();
    const { writer, ydoc, join, queue } = newWriter(gate.store);
    const a = join();
    await queue(a.connection, edit(4, 'before '));
    await gate.waitForAppends(1);
    let held = false;
    const hold = writer.holdWrites().then(() => {
      held = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(held).toBe(false);
    gate.release();
    await hold;
    await queue(a.connection, edit(5, 'during'));
    await new Promise((r) => setTimeout(r, 20));
    expect(readText(ydoc)).toBe('before ');
    let idle = false;
    void writer.whenIdle().then(() => {
      idle = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(idle).toBe(false); // a held write is still to do
    gate.open();
    writer.releaseWrites();
    await until(() => idle);
    expect(readText(ydoc)).toBe('before during');
    expect(gate.batches).toHaveLength(2);
  });

  it('C-SCALE-7: a batch the store refuses because the entry was submitted fails the room with 4010', async () => {
    const gate = gatedStore();
    const { writer, join, queue, failures } = newWriter(gate.store);
    const a = join(true);
    await queue(a.connection, edit(6, 'too late'));
    await gate.waitForAppends(1);
    gate.failNext(new EntryNotWritableError('submitted'));
    await until(() => failures.length === 1);
    expect(failures[0]?.err).toBeInstanceOf(EntryNotWritableError);
    expect(failures[0]?.code).toBe(CloseCode.entryStatusChanged);
    writer.stop();
    await writer.whenIdle();
    expect(a.socket.acks()).toEqual([]);
  });

  it('C-SYNC-5 (scaled): a client id another process recorded first closes only its claimant 4409', async () => {
    const gate = gatedStore();
    const { join, queue, failures } = newWriter(gate.store);
    const forger = join();
    const bystander = join();
    await queue(forger.connection, edit(7, 'forged'));
    await gate.waitForAppends(1);
    gate.failNext(new ClientIdConflictError([7]));
    await until(() => failures.length === 1);
    expect(forger.socket.closedWith).toBe(CloseCode.forgedClientId);
    expect(bystander.socket.closedWith).toBeNull();
  });

  it('stop() lets a hold waiting for a batch go, and leaves the writer idle for good', async () => {
    const gate = gatedStore();
    const { writer, join, queue } = newWriter(gate.store);
    const a = join();
    await queue(a.connection, edit(8, 'in flight'));
    await gate.waitForAppends(1);
    const hold = writer.holdWrites();
    writer.stop();
    await hold;
    await writer.whenIdle();
    await queue(a.connection, edit(9, 'after stop'));
    await new Promise((r) => setTimeout(r, 10));
    expect(gate.batches).toHaveLength(1);
  });

  it('C-PERSIST-5: past the threshold the log is folded into a snapshot after the batch', async () => {
    const gate = gatedStore();
    gate.open();
    const { writer, entryId, join, queue } = newWriter(gate.store, { compactAfterUpdates: 2 });
    const a = join();
    await queue(a.connection, edit(10, 'a'));
    await writer.whenIdle();
    expect((await gate.inner.loadDocument(entryId)).updates).toHaveLength(1);
    await queue(a.connection, edit(11, 'b'));
    await writer.whenIdle();
    const stored = await gate.inner.loadDocument(entryId);
    expect(stored.updates).toHaveLength(0);
    expect(stored.snapshot).not.toBeNull();
  });

  it('C-SCALE-2: durable bytes from another process reach the clients here and are not stored again', async () => {
    const gate = gatedStore();
    gate.open();
    const { writer, ydoc, join } = newWriter(gate.store);
    const a = join();
    expect(writer.applyDurable(null, [edit(12, 'from elsewhere')])).toBe(true);
    await writer.whenIdle();
    expect(readText(ydoc)).toBe('from elsewhere');
    expect(a.socket.of(MessageType.sync)).toHaveLength(1);
    expect(gate.batches).toHaveLength(0);
  });
});
