import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { createKyselyDocStore } from './docStore.kysely.ts';
import { applyStoredDocument, type DocStore } from './docStore.ts';
import { heldEntryDocument, isStaleHold } from './heldEntryDocument.ts';

/**
 * I12-3: what the held document offers a caller that writes in its own
 * transaction (the submission), against a real SQLite store: it catches up
 * under the caller's locks only when the store is ahead, says so, and its
 * retry is recognised as a stale hold (C-SCALE-7).
 */
describe('heldEntryDocument', () => {
  let dir: string;
  let database: DatabaseHandle;
  let store: DocStore;

  const updateWriting = (text: string) => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, text);
    return Y.encodeStateAsUpdate(doc);
  };
  const batchOf = (update: Uint8Array) => ({ updates: [update], contributions: [], clients: [], createdAt: 1 });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-held-'));
    database = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'db.sqlite'), synchronous: 'NORMAL' });
    store = createKyselyDocStore(database);
  });
  afterAll(async () => {
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('I12-3: nothing newer in the store: catchUpUnderLock changes nothing and answers false', async () => {
    const { lastUpdateId } = await store.appendUpdates('entryA', batchOf(updateWriting('stored')));
    const doc = applyStoredDocument(new Y.Doc(), await store.loadDocument('entryA'));
    let caughtUp = 0;
    const held = heldEntryDocument('entryA', { lastUpdateId, catchUp: () => caughtUp++ });
    const changed = await database.db.transaction().execute(async (trx) => {
      await held.lockLog(trx);
      return held.catchUpUnderLock(trx);
    });
    expect(changed).toBe(false);
    expect(caughtUp).toBe(0);
    expect(doc.getText('t').toString()).toBe('stored');
  });

  it('I12-3: the store ahead (another process stored more): the document catches up and it answers true', async () => {
    const first = await store.appendUpdates('entryB', batchOf(updateWriting('mine')));
    const doc = applyStoredDocument(new Y.Doc(), await store.loadDocument('entryB'));
    await store.appendUpdates('entryB', batchOf(updateWriting('theirs')));
    const held = heldEntryDocument('entryB', {
      lastUpdateId: first.lastUpdateId,
      catchUp: (stored) => applyStoredDocument(doc, stored),
    });
    const changed = await database.db.transaction().execute(async (trx) => {
      await held.lockLog(trx);
      return held.catchUpUnderLock(trx);
    });
    expect(changed).toBe(true);
    expect(doc.getText('t').toString()).toContain('theirs');
  });

  it('I12-3: retry throws what withWritesHeld retries on, and only that is a stale hold', () => {
    const held = heldEntryDocument('entryC', { lastUpdateId: 0, catchUp: () => {} });
    let thrown: unknown;
    try {
      held.retry();
    } catch (err) {
      thrown = err;
    }
    expect(isStaleHold(thrown)).toBe(true);
    expect(isStaleHold(new Error('other'))).toBe(false);
  });
});
