import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { createMemoryDocStore } from './docStore.memory.ts';
import type { DocStore, UpdateBatch } from './docStore.ts';
import { GroupCommitter, isTransientBusy } from './GroupCommitter.ts';

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

/** The in-memory store, refusing its first `failures` appends the way a busy SQLite does. */
function busyStore(failures: number, error: () => Error = busy): { store: DocStore; attempts: () => number } {
  const store = createMemoryDocStore();
  let attempts = 0;
  const appendBatches: DocStore['appendBatches'] = async (items) => {
    attempts++;
    if (attempts <= failures) throw error();
    return store.appendBatches(items);
  };
  return { store: { ...store, appendBatches }, attempts: () => attempts };
}

// An empty update (no structs, empty delete set), as Y.encodeStateAsUpdate of an empty doc gives.
const batch: UpdateBatch = { updates: [new Uint8Array([0, 0])], contributions: [], clients: [], createdAt: 0 };

describe('GroupCommitter', () => {
  it('C-PERSIST-1: re-runs a commit the database refused as busy, and the batch becomes durable', async () => {
    const { store, attempts } = busyStore(2);
    const committer = new GroupCommitter(store, createLogger('silent'));
    await expect(committer.submit('entry', batch)).resolves.toMatchObject({ ok: true });
    expect(attempts()).toBe(3);
  });

  it('gives up after the last retry, and never retries errors that are not about a busy database', async () => {
    const always = busyStore(100);
    await expect(new GroupCommitter(always.store, createLogger('silent')).submit('entry', batch)).rejects.toThrow(
      'database is locked',
    );
    expect(always.attempts()).toBe(6);
    const broken = busyStore(1, () => Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }));
    await expect(new GroupCommitter(broken.store, createLogger('silent')).submit('entry', batch)).rejects.toThrow(
      'disk I/O error',
    );
    expect(broken.attempts()).toBe(1);
  });

  it('C-PERSIST-1: flushes run in one turn and what they submit is committed in that same turn, in one transaction', async () => {
    const inner = createMemoryDocStore();
    const transactions: string[][] = [];
    const store: DocStore = {
      ...inner,
      appendBatches: async (items) => {
        transactions.push(items.map((i) => i.entryId));
        return inner.appendBatches(items);
      },
    };
    const committer = new GroupCommitter(store, createLogger('silent'));
    const results: Promise<unknown>[] = [];
    for (const entryId of ['a', 'b', 'c']) {
      committer.runInNextTurn(() => results.push(committer.submit(entryId, batch)));
    }
    // An immediate queued now runs right after the committer's turn: the commit has started by then.
    const seenAfterTurn = await new Promise<string[][]>((resolve) => setImmediate(() => resolve([...transactions])));
    expect(seenAfterTurn).toEqual([['a', 'b', 'c']]);
    await expect(Promise.all(results)).resolves.toHaveLength(3);
    expect(transactions).toHaveLength(1);
  });

  it('keeps at most maxInFlight transactions in flight; what comes meanwhile waits for a free one', async () => {
    const inner = createMemoryDocStore();
    const started: string[][] = [];
    const gates: (() => void)[] = [];
    const store: DocStore = {
      ...inner,
      appendBatches: async (items) => {
        started.push(items.map((i) => i.entryId));
        await new Promise<void>((resolve) => gates.push(resolve));
        return inner.appendBatches(items);
      },
    };
    const committer = new GroupCommitter(store, createLogger('silent'), 2);
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const a = committer.submit('a', batch);
    await turn();
    const b = committer.submit('b', batch);
    await turn();
    const c = committer.submit('c', batch);
    const d = committer.submit('d', batch);
    await turn();
    // Two commits in flight at once; c and d wait together for a free slot.
    expect(started).toEqual([['a'], ['b']]);
    gates.shift()!();
    await a;
    await turn();
    expect(started).toEqual([['a'], ['b'], ['c', 'd']]);
    for (const open of gates.splice(0)) open();
    await expect(Promise.all([b, c, d])).resolves.toHaveLength(3);
  });

  it('knows which errors are transient', () => {
    expect(isTransientBusy(busy())).toBe(true);
    expect(isTransientBusy({ code: 'SQLITE_BUSY_SNAPSHOT' })).toBe(true);
    expect(isTransientBusy({ code: '40001' })).toBe(true);
    expect(isTransientBusy({ code: 'SQLITE_CONSTRAINT' })).toBe(false);
    expect(isTransientBusy(new Error('x'))).toBe(false);
  });
});
