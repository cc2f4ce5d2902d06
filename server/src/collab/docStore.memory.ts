import * as Y from 'yjs';
import {
  type AppendOutcome,
  applyStoredDocument,
  ClientIdConflictError,
  type CompactionOptions,
  type Contribution,
  type DocStore,
  type EntryBatch,
  type ExhibitLabel,
  itemsCreatedIn,
  type StoredDocument,
  type UpdateBatch,
} from './docStore.ts';

type Entry = {
  snapshot: { state: Uint8Array; lastUpdateId: number } | null;
  updates: { id: number; data: Uint8Array }[];
  clients: Map<number, string>;
  contributions: Contribution[];
  labels: ExhibitLabel[];
};

/**
 * An in-memory DocStore with the same contract as the Kysely one
 * (docStore.contract.ts), for unit tests of rooms. Transactions are
 * emulated by building the new state first and swapping it in at the end.
 */
export function createMemoryDocStore(): DocStore {
  const entries = new Map<string, Entry>();
  let nextUpdateId = 1;
  let nextContributionId = 1;
  const entry = (id: string): Entry => {
    let found = entries.get(id);
    if (!found) {
      found = { snapshot: null, updates: [], clients: new Map(), contributions: [], labels: [] };
      entries.set(id, found);
    }
    return found;
  };
  const read = (id: string): StoredDocument => {
    const e = entry(id);
    const lastUpdateId = e.snapshot?.lastUpdateId ?? 0;
    return {
      snapshot: e.snapshot ? e.snapshot.state.slice() : null,
      lastUpdateId,
      updates: e.updates.filter((u) => u.id > lastUpdateId).map((u) => ({ id: u.id, data: u.data.slice() })),
    };
  };

  const appendBatches = async (batches: EntryBatch[]): Promise<AppendOutcome[]> =>
    batches.map(({ entryId, batch }) => {
      const e = entry(entryId);
      const foreign = batch.clients.filter((c) => {
        const owner = e.clients.get(c.clientId);
        return owner !== undefined && owner !== c.userId;
      });
      if (foreign.length > 0) return { ok: false, error: new ClientIdConflictError(foreign.map((c) => c.clientId)) };
      let lastUpdateId = 0;
      const previousUpdateId = Math.max(e.updates.at(-1)?.id ?? 0, e.snapshot?.lastUpdateId ?? 0);
      for (const c of batch.clients) if (!e.clients.has(c.clientId)) e.clients.set(c.clientId, c.userId);
      for (const data of batch.updates) {
        lastUpdateId = nextUpdateId++;
        e.updates.push({ id: lastUpdateId, data: data.slice() });
      }
      for (const c of batch.contributions) {
        e.contributions.push({
          ...c,
          sections: [...c.sections],
          items: c.items.map((i) => ({ ...i })),
          id: nextContributionId++,
        });
      }
      for (const item of itemsCreatedIn(batch)) {
        if (e.labels.some((l) => l.itemId === item.itemId)) continue;
        e.labels.push({ ...item, number: e.labels.length + 1, createdAt: batch.createdAt });
      }
      return { ok: true, lastUpdateId, previousUpdateId };
    });

  return {
    async loadDocument(entryId) {
      return read(entryId);
    },
    async appendUpdates(entryId, batch: UpdateBatch) {
      const [outcome] = await appendBatches([{ entryId, batch }]);
      if (!outcome!.ok) throw outcome!.error;
      return { lastUpdateId: outcome!.lastUpdateId };
    },
    appendBatches,
    async compact(entryId, options: CompactionOptions = {}) {
      const e = entry(entryId);
      const stored = read(entryId);
      const last = stored.updates.at(-1)?.id ?? stored.lastUpdateId;
      const fresh = applyStoredDocument(new Y.Doc(), stored);
      let grew = false;
      if (options.current) {
        const before = Y.snapshot(fresh);
        Y.applyUpdate(fresh, Y.encodeStateAsUpdate(options.current));
        grew = !Y.equalSnapshots(before, Y.snapshot(fresh));
      }
      if (stored.updates.length === 0 && !grew) return { lastUpdateId: stored.lastUpdateId, compacted: 0 };
      const state = Y.encodeStateAsUpdate(fresh);
      fresh.destroy();
      await options.beforeCommit?.();
      e.snapshot = { state, lastUpdateId: last };
      e.updates = e.updates.filter((u) => u.id > last);
      return { lastUpdateId: last, compacted: stored.updates.length };
    },
    async ownersOfClientIds(entryId, clientIds) {
      const e = entry(entryId);
      const owners = new Map<number, string>();
      for (const id of clientIds) {
        const owner = e.clients.get(id);
        if (owner !== undefined) owners.set(id, owner);
      }
      return owners;
    },
    async listExhibitLabels(entryId) {
      return entry(entryId).labels.map((l) => ({ ...l }));
    },
    async listContributions(entryId) {
      return entry(entryId).contributions.map((c) => ({ ...c }));
    },
    async countUpdates(entryId) {
      return read(entryId).updates.length;
    },
  };
}
