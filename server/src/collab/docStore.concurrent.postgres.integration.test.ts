import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { createTestSchema } from '../scale/testing.ts';
import { createKyselyDocStore } from './docStore.kysely.ts';
import { type AppendOutcome, applyStoredDocument, type DocStore } from './docStore.ts';

/**
 * What scaled mode relies on when two processes write one entry at once (issue 16): two stores,
 * each on its own connection pool (as two processes are), on one PostgreSQL schema. Every update
 * is kept; both read the log in the same order; each entry's batches chain (a batch's
 * `previousUpdateId` is the `lastUpdateId` of the batch before it, which relay gap detection
 * needs, C-SCALE-2); a compaction racing appends loses nothing.
 */

let schema: Awaited<ReturnType<typeof createTestSchema>>;
let handles: DatabaseHandle[];
let stores: DocStore[];

beforeAll(async () => {
  schema = await createTestSchema();
  const first = await openDatabase({ kind: 'postgres', url: schema.url, poolSize: 4 });
  // The second opens after the first migrated the schema.
  const second = await openDatabase({ kind: 'postgres', url: schema.url, poolSize: 4 });
  handles = [first, second];
  stores = handles.map((handle) => createKyselyDocStore(handle));
});

afterAll(async () => {
  for (const handle of handles ?? []) await handle.close();
  await schema?.drop();
});

/** A document whose every emitted update is kept, as the server's document would emit them. */
function writer(clientId: number, section: string) {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return {
    updates,
    type: (text: string) => {
      doc.getText(section).insert(doc.getText(section).length, text);
      return updates.at(-1)!;
    },
  };
}

const batch = (updates: Uint8Array[]) => ({ updates, contributions: [], clients: [], createdAt: Date.now() });
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

describe('DocStore on PostgreSQL: two processes writing the same entries at once', () => {
  it('keeps every update, in one order both read, and chains each entry’s batches without a gap', async () => {
    const entries = [`a${unique()}`, `b${unique()}`, `c${unique()}`];
    const commits = 25;
    // Each process types into every entry under its own client id, one group commit per round.
    const typists = stores.map((_, p) => entries.map((e) => writer(1000 + p, `section:${e}`)));
    const outcomes: { entryId: string; outcome: AppendOutcome }[] = [];
    await Promise.all(
      stores.map(async (store, p) => {
        for (let n = 0; n < commits; n++) {
          // The two processes list the entries in opposite orders: the store must order its locks.
          const order = p === 0 ? entries : [...entries].reverse();
          const group = order.map((entryId) => ({
            entryId,
            batch: batch([typists[p]![entries.indexOf(entryId)]!.type(`${p}.${n};`)]),
          }));
          const result = await store.appendBatches(group);
          for (const [i, outcome] of result.entries()) outcomes.push({ entryId: group[i]!.entryId, outcome });
        }
      }),
    );

    for (const [e, entryId] of entries.entries()) {
      const [fromFirst, fromSecond] = await Promise.all(stores.map((store) => store.loadDocument(entryId)));
      expect(fromFirst!.updates).toHaveLength(2 * commits);
      expect(fromSecond!.updates.map((u) => u.id)).toEqual(fromFirst!.updates.map((u) => u.id));
      const doc = applyStoredDocument(new Y.Doc(), fromFirst!);
      const text = doc.getText(`section:${entryId}`).toString();
      for (let p = 0; p < 2; p++) {
        for (let n = 0; n < commits; n++) expect(text).toContain(`${p}.${n};`);
      }
      expect(typists[0]![e]!.updates).toHaveLength(commits);

      // Relay gap detection (C-SCALE-2): in id order, each batch follows the one before it.
      const chain = outcomes
        .filter((o) => o.entryId === entryId)
        .map((o) => {
          if (!o.outcome.ok) throw o.outcome.error;
          return o.outcome;
        })
        .sort((x, y) => x.lastUpdateId - y.lastUpdateId);
      expect(chain[0]!.previousUpdateId).toBe(0);
      for (let i = 1; i < chain.length; i++) expect(chain[i]!.previousUpdateId).toBe(chain[i - 1]!.lastUpdateId);
      expect(chain.at(-1)!.lastUpdateId).toBe(fromFirst!.updates.at(-1)!.id);
    }
  });

  it('a compaction on one process racing appends on the other loses nothing', async () => {
    const entryId = `k${unique()}`;
    const typist = writer(2000, 'section:k');
    const appends = 40;
    let appending = true;
    const appended = (async () => {
      for (let n = 0; n < appends; n++) await stores[1]!.appendUpdates(entryId, batch([typist.type(`${n};`)]));
      appending = false;
    })();
    let compactions = 0;
    while (appending) {
      await stores[0]!.compact(entryId);
      compactions++;
    }
    await appended;
    expect(compactions).toBeGreaterThan(1);

    const expected = Array.from({ length: appends }, (_, n) => `${n};`).join('');
    for (const store of stores) {
      const doc = applyStoredDocument(new Y.Doc(), await store.loadDocument(entryId));
      expect(doc.getText('section:k').toString()).toBe(expected);
    }
    await stores[1]!.compact(entryId);
    expect(await stores[0]!.countUpdates(entryId)).toBe(0);
    const doc = applyStoredDocument(new Y.Doc(), await stores[0]!.loadDocument(entryId));
    expect(doc.getText('section:k').toString()).toBe(expected);
  });
});
