import { CloseCode } from '@jointly/shared';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyStoredDocument } from '../collab/docStore.ts';
import {
  eventOf,
  openProvider,
  openRaw,
  paragraphs,
  type TestProvider,
  waitForAwareness,
  waitForDoc,
  whenProviderClosed,
  whenSynced,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { post, validEntry } from '../signoff/testing/signoffFixtures.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { decodeRelayMessage, docChannel } from './redisDocRelay.ts';
import { createTestSchema, eventually, TEST_REDIS_URL, uniqueRedisPrefix } from './testing.ts';

/**
 * Scaled mode with two server processes (here two in-process servers with their own Redis
 * connections) on one PostgreSQL schema and one Redis prefix: PRODUCT §7, RELIABILITY K.
 */
describe('scaled mode: two processes on PostgreSQL and Redis', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  const prefix = uniqueRedisPrefix();
  let a: TestServer;
  let b: TestServer;
  let lead: TestUser;
  const providers: TestProvider[] = [];

  beforeAll(async () => {
    schema = await createTestSchema();
    const env = { DATABASE_URL: schema.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix };
    // A low compaction threshold, so both processes compact the same entry while the other writes.
    [a, b] = await Promise.all([
      startTestServer(env, { tuning: { compactAfterUpdates: 7 } }),
      startTestServer(env, { tuning: { compactAfterUpdates: 5 } }),
    ]);
    lead = await signUpUser(a);
  });

  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await Promise.allSettled([a?.close(), b?.close()]);
    await schema?.drop();
  });

  const open = (server: TestServer, user: TestUser, entryId: string) => {
    const provider = openProvider(server, user, entryId);
    providers.push(provider);
    return provider;
  };

  it('C-SCALE-1/2: clients on different processes edit one section and converge; everything is stored once', async () => {
    const entryId = (await createEntry(a, lead)).id;
    const writer = await signUpUser(b);
    await addMember(b, lead, entryId, writer, 'contributor');
    const onA = open(a, lead, entryId);
    const onB = open(b, writer, entryId);
    await Promise.all([whenSynced(onA), whenSynced(onB)]);

    const expected: string[] = [];
    for (let i = 0; i < 20; i++) {
      writeParagraph(onA.doc, 'sharing-and-adoption', `a${i}`);
      writeParagraph(onB.doc, 'sharing-and-adoption', `b${i}`);
      expected.push(`a${i}`, `b${i}`);
      if (i % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const hasAll = (doc: Y.Doc) => expected.every((text) => paragraphs(doc, 'sharing-and-adoption').includes(text));
    await Promise.all([waitForDoc(onA.doc, hasAll, 'A converges'), waitForDoc(onB.doc, hasAll, 'B converges')]);
    expect(paragraphs(onA.doc, 'sharing-and-adoption')).toEqual(paragraphs(onB.doc, 'sharing-and-adoption'));
    expect(paragraphs(onA.doc, 'sharing-and-adoption')).toHaveLength(expected.length);

    // Both rooms hold it, and the store (compacted by both processes) holds each paragraph once.
    for (const server of [a, b]) {
      await eventually(
        () => paragraphs(server.collab.rooms.get(entryId)!.doc, 'sharing-and-adoption').length === expected.length,
        'server documents converge',
      );
    }
    await Promise.all([a.collab.rooms.get(entryId)!.compact(), b.collab.rooms.get(entryId)!.compact()]);
    const stored = await a.collab.store.loadDocument(entryId);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u.data);
    expect([...paragraphs(doc, 'sharing-and-adoption')].sort()).toEqual([...expected].sort());
  });

  it('C-SCALE-3: presence set on one process reaches clients of the other, stamped by the server', async () => {
    const entryId = (await createEntry(a, lead)).id;
    const other = await signUpUser(a);
    await addMember(a, lead, entryId, other, 'contributor');
    const onA = open(a, lead, entryId);
    const onB = open(b, other, entryId);
    await Promise.all([whenSynced(onA), whenSynced(onB)]);
    onA.awareness.setLocalStateField('user', { name: 'Forged Name', id: 'someone-else' });
    const at = { tname: 'section:context-and-evolution', item: null, assoc: 0 };
    onA.awareness.setLocalStateField('cursor', { anchor: at, head: at });
    const clientId = onA.doc.clientID;
    const seen = () => onB.awareness.getStates().get(clientId) as { user?: { id: string; name: string } } | undefined;
    await waitForAwareness(onB.awareness, () => seen()?.user?.id === lead.me.user.id, 'relayed presence');
    expect(seen()!.user!.name).toBe(lead.me.user.name);
    // Leaving withdraws it on the other process too (C-AW-6 across processes).
    onA.destroy();
    await waitForAwareness(onB.awareness, () => seen() === undefined, 'presence withdrawn');
  });

  it('I10-5, C-SYNC-9 across processes: a client id announced on A cannot be squatted by a writer on B', async () => {
    const entryId = (await createEntry(a, lead)).id;
    const squatter = await signUpUser(b);
    await addMember(a, lead, entryId, squatter, 'contributor');
    const victim = open(a, lead, entryId);
    const onB = open(b, squatter, entryId);
    await Promise.all([whenSynced(victim), whenSynced(onB)]);
    victim.awareness.setLocalStateField('section', 'context-and-evolution');
    const clientId = victim.doc.clientID;
    await waitForAwareness(onB.awareness, () => onB.awareness.getStates().has(clientId), 'relayed presence');
    const closed = whenProviderClosed(onB);
    // The squatter's editor takes the victim's client id and writes first.
    const forged = new Y.Doc();
    forged.clientID = clientId;
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(onB.doc));
    writeParagraph(forged, 'context-and-evolution', 'squatted');
    Y.applyUpdate(onB.doc, Y.encodeStateAsUpdate(forged, Y.encodeStateVector(onB.doc)));
    expect((await closed).code).toBe(CloseCode.forgedClientId);
    // The victim writes under its own id as usual.
    writeParagraph(victim.doc, 'context-and-evolution', 'mine');
    const reader = open(b, lead, entryId);
    await waitForDoc(reader.doc, (doc) => paragraphs(doc, 'context-and-evolution').includes('mine'));
    expect(paragraphs(reader.doc, 'context-and-evolution')).not.toContain('squatted');
  });

  it('C-SCALE-5: signing out on process A closes the socket on process B with 4401', async () => {
    const entryId = (await createEntry(a, lead)).id;
    const user = await signUpUser(a);
    await addMember(a, lead, entryId, user, 'contributor');
    const onB = open(b, user, entryId);
    await whenSynced(onB);
    const closed = whenProviderClosed(onB);
    expect((await api(a, user, 'POST', '/api/auth/logout')).status).toBeLessThan(300);
    expect((await closed).code).toBe(CloseCode.sessionEnded);
  });

  it('C-SCALE-5: removing a member on process A closes their socket on process B with 4403', async () => {
    const entryId = (await createEntry(a, lead)).id;
    const user = await signUpUser(a);
    await addMember(a, lead, entryId, user, 'contributor');
    const onB = open(b, user, entryId);
    await whenSynced(onB);
    const closed = whenProviderClosed(onB);
    const removal = await api(a, lead, 'DELETE', `/api/entries/${entryId}/members/${user.me.user.id}`);
    expect(removal.status).toBeLessThan(300);
    expect((await closed).code).toBe(CloseCode.accessRemoved);
  });

  it('C-SCALE-5: a status change on process A closes sockets on B with 4101 and B refuses writes', async () => {
    const entryId = (await createEntry(a, lead)).id;
    const onB = open(b, lead, entryId);
    await whenSynced(onB);
    const closed = whenProviderClosed(onB);
    a.collab.entryStatusChanged(entryId, 'submitted');
    expect((await closed).code).toBe(CloseCode.entryStatusChanged);
    expect(b.collab.rooms.get(entryId)?.status).toBe('submitted');
  });

  it('C-EVENT-4: a comment made through one process reaches an opted-in socket on the other', async () => {
    const entryId = (await createEntry(a, lead)).id;
    const listener = openRaw(b, lead, entryId, { query: '?events=1' });
    try {
      await listener.opened;
      const heard = listener.next((bytes) => eventOf(bytes)?.kind === 'comments', 'comments event on B');
      const path = `/api/entries/${entryId}/sections/sharing-and-adoption/comments`;
      expect((await api(a, lead, 'POST', path, { body: 'Add the spread sites.' })).status).toBe(201);
      expect(eventOf(await heard)).toEqual({ kind: 'comments', sectionId: 'sharing-and-adoption' });
    } finally {
      listener.ws.close();
    }
  });

  it('RELIABILITY K73: the same relayed batch delivered twice (and out of order) changes nothing', async () => {
    const entryId = (await createEntry(a, lead)).id;
    const tap = new Redis(TEST_REDIS_URL);
    const publisher = new Redis(TEST_REDIS_URL);
    try {
      const captured: Buffer[] = [];
      tap.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
        if (decodeRelayMessage(new Uint8Array(message)).kind === 'updates') captured.push(message);
      });
      await tap.subscribe(docChannel(prefix, entryId));
      const onA = open(a, lead, entryId);
      const onB = open(b, lead, entryId);
      await Promise.all([whenSynced(onA), whenSynced(onB)]);
      writeParagraph(onA.doc, 'sharing-and-adoption', 'first');
      writeParagraph(onA.doc, 'sharing-and-adoption', 'second');
      await waitForDoc(onB.doc, (doc) => paragraphs(doc, 'sharing-and-adoption').length === 2, 'relay');
      await eventually(() => captured.length >= 1, 'captured batch');
      const countBefore = (await a.collab.store.loadDocument(entryId)).updates.length;

      for (const message of [...captured, ...captured.reverse(), ...captured]) {
        await publisher.publish(docChannel(prefix, entryId), message);
      }
      writeParagraph(onB.doc, 'sharing-and-adoption', 'third'); // a later batch still flows normally
      await waitForDoc(onA.doc, (doc) => paragraphs(doc, 'sharing-and-adoption').length === 3, 'later batch');
      expect(paragraphs(onA.doc, 'sharing-and-adoption')).toEqual(['first', 'second', 'third']);
      expect(paragraphs(onB.doc, 'sharing-and-adoption')).toEqual(['first', 'second', 'third']);
      const after = await a.collab.store.loadDocument(entryId);
      // Nothing relayed was stored again: only the one new batch (B's paragraph) was added.
      expect(after.updates.length).toBe(countBefore + 1);
    } finally {
      tap.disconnect();
      publisher.disconnect();
    }
  });

  it('C-SCALE-7: submitting on A while B stores writes: the submission holds everything stored, nothing is stored after it', async () => {
    const fixture = await validEntry(a, (p) => providers.push(p));
    const { entryId } = fixture;
    // The partner keeps writing on B: edits that change no content (a character typed and deleted),
    // so the approvals stay valid and the submission may go through, but every one is stored.
    const onB = open(b, fixture.partner, entryId);
    await whenSynced(onB);
    const closedOnB = whenProviderClosed(onB);
    const note = onB.doc.getXmlFragment('section:context-and-evolution');
    let typing = true;
    let typed = 0;
    const typist = (async () => {
      while (typing && onB.wsconnected) {
        onB.doc.transact(() => {
          const paragraph = new Y.XmlElement('paragraph');
          const text = new Y.XmlText();
          paragraph.insert(0, [text]);
          note.insert(note.length, [paragraph]);
          text.insert(0, 'x');
          note.delete(note.length - 1, 1);
        });
        typed++;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    // B has stored some of the partner's writes (A may not have them yet when it submits).
    const storedFromB = async () => {
      const doc = new Y.Doc();
      applyStoredDocument(doc, await b.collab.store.loadDocument(entryId));
      return Y.getState(doc.store, onB.doc.clientID);
    };
    await eventually(async () => (await storedFromB()) > 3, 'B storing');

    const response = await post(a, fixture.lead, `/api/entries/${entryId}/submit`);
    expect(response.status, await response.clone().text()).toBe(201);
    expect((await closedOnB).code).toBe(CloseCode.entryStatusChanged);
    typing = false;
    await typist;
    expect(typed).toBeGreaterThan(5);

    // Every update stored for the entry is in the submitted state: none was stored after it.
    const { rows } = await sql<{
      state: Uint8Array;
    }>`select state from submissions where entry_id = ${entryId}`.execute(a.services.database.db);
    expect(rows).toHaveLength(1);
    const submitted = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(new Uint8Array(rows[0]!.state)));
    const storedDoc = new Y.Doc();
    applyStoredDocument(storedDoc, await b.collab.store.loadDocument(entryId));
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(storedDoc))) {
      expect(submitted.get(client) ?? 0, `client ${client}`).toBeGreaterThanOrEqual(clock);
    }
    // And B no longer takes writes for it.
    expect(b.collab.rooms.get(entryId)?.status ?? 'submitted').toBe('submitted');
  });
});
