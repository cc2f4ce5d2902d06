import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CloseCode } from '@jointly/shared';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMember, createEntry, signUpUser } from '../test/factories.ts';
import { applyStoredDocument } from './docStore.ts';
import {
  frames,
  openProvider,
  openRaw,
  paragraphs,
  waitForDoc,
  whenSynced,
  writeParagraph,
} from './testing/collabClients.ts';
import { type CollabTestServer, startCollabTestServer } from './testing/collabTestServer.ts';

/**
 * Ownership of Yjs client ids is durable (C-PROV-2, C-SYNC-5): the record of
 * who first wrote under each id lives in `doc_clients`, so a forged id is
 * refused by a freshly started server whose room cache knows nothing yet.
 */
describe('Yjs client id ownership across a restart', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('C-SYNC-5, C-PROV-2: after a restart, writing under another person’s client id still closes 4409; nothing stored', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-clientids-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const first = await startCollabTestServer({ env: { DATA_DIR: dataDir } });
    const victim = await signUpUser(first, { organisationKind: 'nhs_trust' });
    const forger = await signUpUser(first, { organisationKind: 'supplier' });
    const entryId = (await createEntry(first, victim)).id;
    await addMember(first, victim, entryId, forger, 'contributor');

    const tab = openProvider(first, victim, entryId);
    const observer = openProvider(first, forger, entryId);
    await Promise.all([whenSynced(tab), whenSynced(observer)]);
    writeParagraph(tab.doc, 'context-and-evolution', 'genuine');
    await waitForDoc(observer.doc, (doc) => paragraphs(doc, 'context-and-evolution').includes('genuine'));
    const victimClientId = tab.doc.clientID;
    tab.destroy();
    observer.destroy();
    await first.close();

    let second: CollabTestServer | null = await startCollabTestServer({ env: { DATA_DIR: dataDir } });
    cleanups.push(() => second?.close());
    const server = second;
    const client = openRaw(server, forger, entryId);
    const doc = new Y.Doc();
    await client.sync(doc);
    expect(paragraphs(doc, 'context-and-evolution')).toEqual(['genuine']);
    doc.clientID = victimClientId; // continue the victim's clock, in a new process
    const before = Y.encodeStateVector(doc);
    writeParagraph(doc, 'context-and-evolution', 'forged in the victim’s name');
    client.send(frames.update(Y.encodeStateAsUpdate(doc, before)));
    expect((await client.closed).code).toBe(CloseCode.forgedClientId);

    await server.collab.rooms.get(entryId)?.whenIdle();
    const stored = applyStoredDocument(new Y.Doc(), await server.collab.store.loadDocument(entryId));
    expect(paragraphs(stored, 'context-and-evolution')).toEqual(['genuine']);
    expect((await server.collab.store.ownersOfClientIds(entryId, [victimClientId])).get(victimClientId)).toBe(
      victim.me.user.id,
    );
    const contributions = await server.collab.store.listContributions(entryId);
    expect(contributions.map((c) => c.userId)).toEqual([victim.me.user.id]);

    // The owner may go on writing under their own id after the restart (not a forgery).
    const reader = openProvider(server, forger, entryId);
    await whenSynced(reader);
    const owner = openRaw(server, victim, entryId);
    const own = new Y.Doc();
    await owner.sync(own);
    own.clientID = victimClientId;
    const ownBefore = Y.encodeStateVector(own);
    writeParagraph(own, 'context-and-evolution', 'still mine');
    owner.send(frames.update(Y.encodeStateAsUpdate(own, ownBefore)));
    await waitForDoc(reader.doc, (d) => paragraphs(d, 'context-and-evolution').includes('still mine'));
    expect(paragraphs(reader.doc, 'context-and-evolution')).toEqual(['genuine', 'still mine']);
    expect(owner.ws.readyState).toBe(owner.ws.OPEN);
    owner.ws.close();
    reader.destroy();
    await server.close();
    second = null;
  });
});
