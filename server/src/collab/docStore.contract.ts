import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyStoredDocument, ClientIdConflictError, type DocStore, type UpdateBatch } from './docStore.ts';

/**
 * The DocStore contract (COLLAB_PROTOCOL.md, C-PERSIST rules), run against
 * every implementation: memory (unit), SQLite and PostgreSQL (integration).
 * `open` returns a fresh, empty store and a function that disposes of it.
 */
export type DocStoreHarness = { store: DocStore; close(): Promise<void> };

let entryCounter = 0;
const newEntryId = () => `entry${Date.now().toString(36)}${(entryCounter++).toString(36)}`;

/** A writer that records every update its document emits, as the server's doc would. */
function writer(clientId: number) {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates, text: doc.getText('section:intro') };
}

const batchOf = (updates: Uint8Array[], extra: Partial<UpdateBatch> = {}): UpdateBatch => ({
  updates,
  contributions: [],
  clients: [],
  createdAt: Date.now(),
  ...extra,
});

const textOf = (doc: Y.Doc) => doc.getText('section:intro').toString();

async function reload(store: DocStore, entryId: string): Promise<Y.Doc> {
  return applyStoredDocument(new Y.Doc(), await store.loadDocument(entryId));
}

export function describeDocStoreContract(name: string, open: () => Promise<DocStoreHarness>): void {
  describe(`DocStore contract: ${name}`, () => {
    let harness: DocStoreHarness;
    let store: DocStore;
    beforeAll(async () => {
      harness = await open();
      store = harness.store;
    });
    afterAll(async () => {
      await harness?.close();
    });

    it('C-PERSIST-4: an entry never written loads as empty', async () => {
      const stored = await store.loadDocument(newEntryId());
      expect(stored).toEqual({ snapshot: null, lastUpdateId: 0, updates: [] });
      expect(await store.countUpdates(newEntryId())).toBe(0);
    });

    it('C-PERSIST-1: appended updates load back in id order and rebuild the document', async () => {
      const entryId = newEntryId();
      const w = writer(101);
      w.text.insert(0, 'Hello');
      w.text.insert(5, ' world');
      const first = await store.appendUpdates(entryId, batchOf([w.updates[0]!]));
      w.text.delete(0, 1);
      w.text.insert(0, 'J');
      const second = await store.appendUpdates(entryId, batchOf(w.updates.slice(1)));
      expect(second.lastUpdateId).toBeGreaterThan(first.lastUpdateId);
      const stored = await store.loadDocument(entryId);
      expect(stored.snapshot).toBeNull();
      expect(stored.updates.map((u) => u.id)).toEqual([...stored.updates.map((u) => u.id)].sort((a, b) => a - b));
      expect(stored.updates).toHaveLength(w.updates.length);
      expect(stored.updates.at(-1)!.id).toBe(second.lastUpdateId);
      expect(Buffer.from(stored.updates[0]!.data)).toEqual(Buffer.from(w.updates[0]!));
      expect(textOf(await reload(store, entryId))).toBe('Jello world');
      expect(await store.countUpdates(entryId)).toBe(w.updates.length);
    });

    it('C-PERSIST-1: entries are isolated from each other', async () => {
      const a = newEntryId();
      const b = newEntryId();
      const w = writer(102);
      w.text.insert(0, 'only in a');
      await store.appendUpdates(a, batchOf(w.updates, { clients: [{ clientId: 102, userId: 'u1' }] }));
      expect(textOf(await reload(store, b))).toBe('');
      expect(await store.ownersOfClientIds(b, [102])).toEqual(new Map());
      expect(await store.listContributions(b)).toEqual([]);
    });

    it('C-PROV-2: client ids are recorded with their first writer; unknown ids are absent', async () => {
      const entryId = newEntryId();
      await store.appendUpdates(
        entryId,
        batchOf([], {
          clients: [
            { clientId: 7, userId: 'alice' },
            { clientId: 4294967295, userId: 'bob' },
          ],
        }),
      );
      const owners = await store.ownersOfClientIds(entryId, [7, 8, 4294967295]);
      expect(owners).toEqual(
        new Map([
          [7, 'alice'],
          [4294967295, 'bob'],
        ]),
      );
      // The same person claiming their own id again is not a conflict.
      await store.appendUpdates(entryId, batchOf([], { clients: [{ clientId: 7, userId: 'alice' }] }));
      expect((await store.ownersOfClientIds(entryId, [7])).get(7)).toBe('alice');
    });

    it('C-SYNC-5: a batch claiming another person’s client id is refused whole', async () => {
      const entryId = newEntryId();
      await store.appendUpdates(entryId, batchOf([], { clients: [{ clientId: 55, userId: 'alice' }] }));
      const w = writer(55);
      w.text.insert(0, 'forged');
      const attempt = store.appendUpdates(
        entryId,
        batchOf(w.updates, {
          clients: [
            { clientId: 56, userId: 'mallory' },
            { clientId: 55, userId: 'mallory' },
          ],
          contributions: [{ userId: 'mallory', organisationId: 'o', sections: ['intro'], items: [], createdAt: 1 }],
        }),
      );
      await expect(attempt).rejects.toBeInstanceOf(ClientIdConflictError);
      expect((await store.loadDocument(entryId)).updates).toEqual([]);
      expect(await store.ownersOfClientIds(entryId, [55, 56])).toEqual(new Map([[55, 'alice']]));
      expect(await store.listContributions(entryId)).toEqual([]);
    });

    it('C-PERSIST-1: a group commit stores several entries at once and leaves out only a forged batch', async () => {
      const [a, b, c] = [newEntryId(), newEntryId(), newEntryId()];
      await store.appendUpdates(c, batchOf([], { clients: [{ clientId: 77, userId: 'alice' }] }));
      const wa = writer(201);
      wa.text.insert(0, 'for a');
      const wb = writer(202);
      wb.text.insert(0, 'for b');
      const wc = writer(77);
      wc.text.insert(0, 'forged for c');
      const outcomes = await store.appendBatches([
        { entryId: a, batch: batchOf(wa.updates, { clients: [{ clientId: 201, userId: 'bob' }] }) },
        { entryId: c, batch: batchOf(wc.updates, { clients: [{ clientId: 77, userId: 'mallory' }] }) },
        { entryId: b, batch: batchOf(wb.updates, { clients: [{ clientId: 202, userId: 'carol' }] }) },
      ]);
      expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
      expect(outcomes[1]).toMatchObject({ ok: false, error: expect.any(ClientIdConflictError) });
      expect(textOf(await reload(store, a))).toBe('for a');
      expect(textOf(await reload(store, b))).toBe('for b');
      expect(textOf(await reload(store, c))).toBe('');
      expect((await store.ownersOfClientIds(a, [201])).get(201)).toBe('bob');
      expect((await store.ownersOfClientIds(c, [77])).get(77)).toBe('alice');
      const [first, second] = [outcomes[0]!, outcomes[2]!];
      if (first.ok && second.ok) expect(second.lastUpdateId).toBeGreaterThan(first.lastUpdateId);
    });

    it('C-PROV-1: contributions are stored with the updates and listed oldest first', async () => {
      const entryId = newEntryId();
      const w = writer(103);
      w.text.insert(0, 'x');
      await store.appendUpdates(
        entryId,
        batchOf(w.updates, {
          contributions: [
            { userId: 'alice', organisationId: 'trust', sections: ['intro'], items: [], createdAt: 1000 },
            {
              userId: 'bob',
              organisationId: 'supplier',
              sections: [],
              items: [{ collection: 'testimonials', itemId: 't1', action: 'created' }],
              createdAt: 1001,
            },
          ],
        }),
      );
      const listed = await store.listContributions(entryId);
      expect(listed.map(({ id: _id, ...rest }) => rest)).toEqual([
        { userId: 'alice', organisationId: 'trust', sections: ['intro'], items: [], createdAt: 1000 },
        {
          userId: 'bob',
          organisationId: 'supplier',
          sections: [],
          items: [{ collection: 'testimonials', itemId: 't1', action: 'created' }],
          createdAt: 1001,
        },
      ]);
      expect(listed[1]!.id).toBeGreaterThan(listed[0]!.id);
    });

    describe('exhibit labels', () => {
      const created = (
        itemId: string,
        collection: 'testimonials' | 'evidence' = 'testimonials',
        action: 'created' | 'changed' | 'deleted' = 'created',
      ) => ({
        userId: 'alice',
        organisationId: 'trust',
        sections: [],
        items: [{ collection, itemId, action }],
        createdAt: 1,
      });
      const labelsOf = async (entryId: string) =>
        (await store.listExhibitLabels(entryId)).map((l) => [l.number, l.itemId, l.collection]);

      it('C-PROV-3: items are numbered 1, 2, … per entry in order of creation, across both collections', async () => {
        const [a, b] = [newEntryId(), newEntryId()];
        await store.appendUpdates(a, batchOf([], { contributions: [created('t1'), created('e1', 'evidence')] }));
        await store.appendUpdates(b, batchOf([], { contributions: [created('other')] }));
        await store.appendUpdates(
          a,
          batchOf([], { contributions: [created('t1', 'testimonials', 'changed'), created('t2')] }),
        );
        expect(await labelsOf(a)).toEqual([
          [1, 't1', 'testimonials'],
          [2, 'e1', 'evidence'],
          [3, 't2', 'testimonials'],
        ]);
        expect(await labelsOf(b)).toEqual([[1, 'other', 'testimonials']]);
        expect(await store.listExhibitLabels(newEntryId())).toEqual([]);
      });

      it('C-PROV-4: a deleted item keeps its label and the next item gets the next number; a re-created id keeps its own', async () => {
        const entryId = newEntryId();
        await store.appendUpdates(entryId, batchOf([], { contributions: [created('t1'), created('t2')] }));
        await store.appendUpdates(entryId, batchOf([], { contributions: [created('t2', 'testimonials', 'deleted')] }));
        await store.appendUpdates(entryId, batchOf([], { contributions: [created('t3')] }));
        await store.appendUpdates(entryId, batchOf([], { contributions: [created('t2')] }));
        expect(await labelsOf(entryId)).toEqual([
          [1, 't1', 'testimonials'],
          [2, 't2', 'testimonials'],
          [3, 't3', 'testimonials'],
        ]);
      });

      it('C-PROV-3: a batch refused for a forged client id labels nothing', async () => {
        const entryId = newEntryId();
        await store.appendUpdates(entryId, batchOf([], { clients: [{ clientId: 91, userId: 'alice' }] }));
        await expect(
          store.appendUpdates(
            entryId,
            batchOf([], { clients: [{ clientId: 91, userId: 'mallory' }], contributions: [created('forged')] }),
          ),
        ).rejects.toBeInstanceOf(ClientIdConflictError);
        expect(await store.listExhibitLabels(entryId)).toEqual([]);
        await store.appendUpdates(entryId, batchOf([], { contributions: [created('real')] }));
        expect(await labelsOf(entryId)).toEqual([[1, 'real', 'testimonials']]);
      });

      it('C-PROV-3: one group commit numbers each entry on its own', async () => {
        const [a, b] = [newEntryId(), newEntryId()];
        await store.appendBatches([
          { entryId: a, batch: batchOf([], { contributions: [created('a1'), created('a2')] }) },
          { entryId: b, batch: batchOf([], { contributions: [created('b1')] }) },
          { entryId: a, batch: batchOf([], { contributions: [created('a3', 'evidence')] }) },
        ]);
        expect(await labelsOf(a)).toEqual([
          [1, 'a1', 'testimonials'],
          [2, 'a2', 'testimonials'],
          [3, 'a3', 'evidence'],
        ]);
        expect(await labelsOf(b)).toEqual([[1, 'b1', 'testimonials']]);
      });

      it('C-PROV-3: concurrent appends to one entry get distinct numbers 1..n with no gaps', async () => {
        const entryId = newEntryId();
        const n = 24;
        // Separate calls, not one group commit: on PostgreSQL they run on several pooled connections at once.
        await Promise.all(
          Array.from({ length: n }, (_, i) =>
            store.appendUpdates(entryId, batchOf([], { contributions: [created(`item${i}`)] })),
          ),
        );
        const labels = await store.listExhibitLabels(entryId);
        expect(labels.map((l) => l.number)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        expect(new Set(labels.map((l) => l.itemId)).size).toBe(n);
      });
    });

    it('C-PERSIST-5: compaction folds the log into a snapshot; content and later appends survive', async () => {
      const entryId = newEntryId();
      const w = writer(104);
      for (const word of ['one ', 'two ', 'three ']) w.text.insert(w.text.length, word);
      const { lastUpdateId } = await store.appendUpdates(entryId, batchOf(w.updates));
      const result = await store.compact(entryId);
      expect(result).toEqual({ lastUpdateId, compacted: 3 });
      const stored = await store.loadDocument(entryId);
      expect(stored.snapshot).not.toBeNull();
      expect(stored.lastUpdateId).toBe(lastUpdateId);
      expect(stored.updates).toEqual([]);
      expect(textOf(await reload(store, entryId))).toBe('one two three ');

      // Idempotent: nothing new, nothing written.
      expect(await store.compact(entryId)).toEqual({ lastUpdateId, compacted: 0 });

      w.text.insert(w.text.length, 'four');
      await store.appendUpdates(entryId, batchOf([w.updates.at(-1)!]));
      const after = await store.loadDocument(entryId);
      expect(after.updates).toHaveLength(1);
      expect(after.updates[0]!.id).toBeGreaterThan(lastUpdateId);
      expect(textOf(await reload(store, entryId))).toBe('one two three four');
      expect(await store.countUpdates(entryId)).toBe(1);
    });

    it('C-PERSIST-5: a compaction that fails mid-way leaves the log and snapshot readable, and re-runs', async () => {
      const entryId = newEntryId();
      const w = writer(105);
      w.text.insert(0, 'before ');
      await store.appendUpdates(entryId, batchOf(w.updates.slice()));
      await store.compact(entryId);
      w.text.insert(w.text.length, 'after');
      const { lastUpdateId } = await store.appendUpdates(entryId, batchOf([w.updates.at(-1)!]));

      const crash = store.compact(entryId, {
        beforeCommit: () => {
          throw new Error('simulated crash after the snapshot was written and the log deleted');
        },
      });
      await expect(crash).rejects.toThrow('simulated crash');
      const stored = await store.loadDocument(entryId);
      expect(stored.updates.map((u) => u.id)).toEqual([lastUpdateId]);
      expect(textOf(await reload(store, entryId))).toBe('before after');

      expect(await store.compact(entryId)).toEqual({ lastUpdateId, compacted: 1 });
      expect(textOf(await reload(store, entryId))).toBe('before after');
      expect((await store.loadDocument(entryId)).updates).toEqual([]);
    });

    it('C-PERSIST-5: compaction merges the live document’s state', async () => {
      const entryId = newEntryId();
      const w = writer(106);
      w.text.insert(0, 'stored');
      await store.appendUpdates(entryId, batchOf(w.updates.slice()));
      // The live document knows one more edit than the log (e.g. a server-side change).
      const live = await reload(store, entryId);
      live.clientID = 107;
      live.getText('section:intro').insert(6, ' and live');
      await store.compact(entryId, { current: live });
      expect(textOf(await reload(store, entryId))).toBe('stored and live');
      // Nothing new in the log and nothing new live: no write.
      const again = await store.compact(entryId, { current: live });
      expect(again.compacted).toBe(0);
    });

    it('C-PERSIST-5: a live document holding everything stored is the snapshot; one that lacks updates is merged', async () => {
      const entryId = newEntryId();
      const w = writer(109);
      w.text.insert(0, 'one');
      w.text.insert(3, ' two');
      const { lastUpdateId } = await store.appendUpdates(entryId, batchOf(w.updates.splice(0)));
      const live = await reload(store, entryId);
      const first = await store.compact(entryId, { current: live, currentHoldsUpTo: lastUpdateId });
      expect(first).toEqual({ lastUpdateId, compacted: 2 });
      expect(await store.countUpdates(entryId)).toBe(0);
      expect(textOf(await reload(store, entryId))).toBe('one two');
      // Another writer (another process) stores an update the live document lacks: it must survive.
      w.text.insert(7, ' three');
      await store.appendUpdates(entryId, batchOf(w.updates.splice(0)));
      await store.compact(entryId, { current: live, currentHoldsUpTo: lastUpdateId });
      expect(textOf(await reload(store, entryId))).toBe('one two three');
      expect(await store.countUpdates(entryId)).toBe(0);
    });

    it('C-PERSIST-1: large batches (more rows than one INSERT takes) are stored whole', async () => {
      const entryId = newEntryId();
      const w = writer(108);
      for (let i = 0; i < 1200; i++) w.text.insert(w.text.length, 'x');
      await store.appendUpdates(
        entryId,
        batchOf(w.updates, {
          clients: Array.from({ length: 700 }, (_, i) => ({ clientId: 10_000 + i, userId: 'alice' })),
          contributions: w.updates.map(() => ({
            userId: 'alice',
            organisationId: 'trust',
            sections: ['intro'],
            items: [],
            createdAt: 5,
          })),
        }),
      );
      expect(textOf(await reload(store, entryId))).toHaveLength(1200);
      expect((await store.ownersOfClientIds(entryId, [10_000, 10_699])).size).toBe(2);
      expect(await store.listContributions(entryId)).toHaveLength(1200);
      await store.compact(entryId);
      expect(textOf(await reload(store, entryId))).toHaveLength(1200);
    });
  });
}
