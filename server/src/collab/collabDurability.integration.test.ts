import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { kill9, startChildServer } from '../test/childServer.ts';
import { addMember, createEntry, signUpUser } from '../test/factories.ts';
import { applyStoredDocument } from './docStore.ts';
import { openProvider, paragraphs, waitForDoc, whenSynced, writeParagraph } from './testing/collabClients.ts';
import { startCollabTestServer } from './testing/collabTestServer.ts';

/**
 * Nothing relayed is lost (PRODUCT §8, C-PERSIST rules, RELIABILITY J63, J64):
 * across a kill -9, a graceful restart, compaction and unloading.
 */

describe('collaboration durability', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('C-PERSIST-2, C-ROOM-1: a server killed with SIGKILL right after relaying K edits has all K after a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-kill9-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    let child = await startChildServer(dataDir);
    cleanups.push(() => kill9(child));

    const lead = await signUpUser(child);
    const partner = await signUpUser(child, { organisationKind: 'supplier' });
    const entryId = (await createEntry(child, lead)).id;
    await addMember(child, lead, entryId, partner, 'contributor');
    const writer = openProvider(child, lead, entryId);
    const observer = openProvider(child, partner, entryId);
    await Promise.all([whenSynced(writer), whenSynced(observer)]);

    const K = 40;
    for (let i = 0; i < K; i++) writeParagraph(writer.doc, 'benefits-and-outcomes', `edit ${i}`);
    // Relayed to the observer means stored first: kill at once.
    await waitForDoc(
      observer.doc,
      (doc) => paragraphs(doc, 'benefits-and-outcomes').length === K,
      'all K edits relayed',
    );
    await kill9(child);
    expect(child.process.signalCode).toBe('SIGKILL');
    writer.destroy();
    observer.destroy();

    child = await startChildServer(dataDir);
    const fresh = openProvider(child, partner, entryId);
    try {
      await whenSynced(fresh);
      // The first sync after the restart already holds everything stored.
      expect(paragraphs(fresh.doc, 'benefits-and-outcomes')).toEqual(Array.from({ length: K }, (_, i) => `edit ${i}`));
    } finally {
      fresh.destroy();
    }
  });

  it('C-CLOSE-3: a graceful restart on the same data directory keeps everything', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-restart-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const first = await startCollabTestServer({ env: { DATA_DIR: dataDir } });
    const lead = await signUpUser(first);
    const entryId = (await createEntry(first, lead)).id;
    const tab = openProvider(first, lead, entryId);
    const observer = openProvider(first, lead, entryId);
    await Promise.all([whenSynced(tab), whenSynced(observer)]);
    for (let i = 0; i < 10; i++) writeParagraph(tab.doc, 'context-and-evolution', `line ${i}`);
    await waitForDoc(observer.doc, (doc) => paragraphs(doc, 'context-and-evolution').length === 10);
    const closed = new Promise<number>((resolve) => tab.once('connection-close', (e) => resolve(e?.code ?? 0)));
    await first.close();
    expect(await closed).toBe(1012);
    tab.destroy();
    observer.destroy();

    const second = await startCollabTestServer({ env: { DATA_DIR: dataDir } });
    cleanups.push(() => second.close());
    // Shutdown compacted the document.
    const stored = await second.collab.store.loadDocument(entryId);
    expect(stored.snapshot).not.toBeNull();
    expect(stored.updates).toHaveLength(0);
    const again = openProvider(second, lead, entryId);
    await whenSynced(again);
    expect(paragraphs(again.doc, 'context-and-evolution')).toHaveLength(10);
    again.destroy();
  });

  it('C-PERSIST-5, C-ROOM-2: compaction after N updates and on unload preserves content', async () => {
    const server = await startCollabTestServer({ tuning: { compactAfterUpdates: 15, roomUnloadGraceMs: 50 } });
    cleanups.push(() => server.close());
    const lead = await signUpUser(server);
    const entryId = (await createEntry(server, lead)).id;
    const tab = openProvider(server, lead, entryId);
    const other = openProvider(server, lead, entryId);
    await Promise.all([whenSynced(tab), whenSynced(other)]);
    for (let i = 0; i < 40; i++) writeParagraph(tab.doc, 'context-and-evolution', `p${i}`);
    await waitForDoc(other.doc, (doc) => paragraphs(doc, 'context-and-evolution').length === 40);
    await server.collab.rooms.get(entryId)!.whenIdle();
    const mid = await server.collab.store.loadDocument(entryId);
    expect(mid.snapshot).not.toBeNull();
    expect(mid.updates.length).toBeLessThan(15);
    expect(paragraphs(applyStoredDocument(new Y.Doc(), mid), 'context-and-evolution')).toHaveLength(40);

    // The last connection leaves: after the grace period the room is compacted and unloaded.
    const room = server.collab.rooms.get(entryId)!;
    tab.destroy();
    other.destroy();
    for (let i = 0; i < 400 && server.collab.rooms.get(entryId); i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.collab.rooms.get(entryId)).toBeUndefined();
    expect(room.destroyed).toBe(true);
    const after = await server.collab.store.loadDocument(entryId);
    expect(after.updates).toHaveLength(0);

    const reloaded = openProvider(server, lead, entryId);
    await whenSynced(reloaded);
    expect(paragraphs(reloaded.doc, 'context-and-evolution')).toEqual(Array.from({ length: 40 }, (_, i) => `p${i}`));
    reloaded.destroy();
  });

  it('C-PERSIST-5: a compaction that fails leaves the room working and the store readable', async () => {
    const server = await startCollabTestServer();
    cleanups.push(() => server.close());
    const lead = await signUpUser(server);
    const entryId = (await createEntry(server, lead)).id;
    const tab = openProvider(server, lead, entryId);
    const observer = openProvider(server, lead, entryId);
    await Promise.all([whenSynced(tab), whenSynced(observer)]);
    writeParagraph(tab.doc, 'context-and-evolution', 'kept');
    await waitForDoc(observer.doc, (doc) => paragraphs(doc, 'context-and-evolution').includes('kept'));
    await expect(
      server.collab.store.compact(entryId, {
        beforeCommit: () => {
          throw new Error('power cut mid-compaction');
        },
      }),
    ).rejects.toThrow('power cut');
    const stored = await server.collab.store.loadDocument(entryId);
    expect(paragraphs(applyStoredDocument(new Y.Doc(), stored), 'context-and-evolution')).toEqual(['kept']);
    writeParagraph(tab.doc, 'context-and-evolution', 'still writing');
    await waitForDoc(observer.doc, (doc) => paragraphs(doc, 'context-and-evolution').includes('still writing'));
    await server.collab.rooms.get(entryId)!.compact();
    const reread = await server.collab.store.loadDocument(entryId);
    expect(reread.updates).toHaveLength(0);
    expect(paragraphs(applyStoredDocument(new Y.Doc(), reread), 'context-and-evolution')).toEqual([
      'kept',
      'still writing',
    ]);
    tab.destroy();
    observer.destroy();
  });
});
