import { organisationColourOf } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMember, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import {
  awarenessEntries,
  frames,
  openProvider,
  openRaw,
  type TestProvider,
  waitForAwareness,
  whenSynced,
} from './testing/collabClients.ts';
import { type CollabTestServer, startCollabTestServer } from './testing/collabTestServer.ts';

type UserField = { id: string; name: string; organisationId: string; organisationName: string; color: string };

/**
 * Presence cannot be forged (C-AW rules, RELIABILITY C21–C23): a connection
 * speaks for one awareness client id, others' entries are dropped, and the
 * server writes the identity from the session into every state.
 */
describe('collaboration awareness', () => {
  let server: CollabTestServer;
  let alice: TestUser;
  let bob: TestUser;
  let mallory: TestUser;
  let entryId: string;
  let aliceTab: TestProvider;
  let bobTab: TestProvider;

  beforeAll(async () => {
    server = await startCollabTestServer();
    alice = await signUpUser(server, { name: 'Alice Adams', organisationName: 'Northshire NHS Trust' });
    bob = await signUpUser(server, {
      name: 'Bob Brown',
      organisationName: 'Acme Health Ltd',
      organisationKind: 'supplier',
    });
    mallory = await signUpUser(server, {
      name: 'Mallory',
      organisationName: 'Mallory Ltd',
      organisationKind: 'supplier',
    });
    entryId = (await createEntry(server, alice)).id;
    await addMember(server, alice, entryId, bob, 'contributor');
    await addMember(server, alice, entryId, mallory, 'viewer');
    aliceTab = openProvider(server, alice, entryId);
    bobTab = openProvider(server, bob, entryId);
    await Promise.all([whenSynced(aliceTab), whenSynced(bobTab)]);
  });

  afterAll(async () => {
    aliceTab?.destroy();
    bobTab?.destroy();
    await server?.close();
  });

  const userIn = (tab: TestProvider, clientId: number) =>
    (tab.awareness.getStates().get(clientId) as { user?: UserField } | undefined)?.user;

  it('C-AW-3, I11-15: a forged name, organisation or colour is overwritten from the session, with the shared organisation colour', async () => {
    bobTab.awareness.setLocalStateField('user', {
      name: 'Alice Adams',
      organisationName: 'NHS England',
      color: '#ffffff',
    });
    const bobId = bobTab.doc.clientID;
    await waitForAwareness(aliceTab.awareness, () => userIn(aliceTab, bobId) !== undefined);
    expect(userIn(aliceTab, bobId)).toEqual({
      id: bob.me.user.id,
      name: 'Bob Brown',
      organisationId: bob.me.organisation.id,
      organisationName: 'Acme Health Ltd',
      color: organisationColourOf(bob.me.organisation.id),
    });
  });

  it('C-AW-1, C-AW-2: states for another connection’s client id, including null, are not relayed', async () => {
    aliceTab.awareness.setLocalStateField('cursor', {
      anchor: { tname: 'section:a', item: null, assoc: 0 },
      head: { tname: 'section:a', item: null, assoc: 0 },
    });
    const aliceId = aliceTab.doc.clientID;
    await waitForAwareness(bobTab.awareness, () => userIn(bobTab, aliceId)?.name === 'Alice Adams');

    const attacker = openRaw(server, mallory, entryId);
    const attackerDoc = new Y.Doc();
    await attacker.sync(attackerDoc);
    const meta = bobTab.awareness.meta.get(aliceId)!;
    // First message: claim Alice's id outright (it is held by her connection: dropped).
    attacker.send(
      frames.awarenessOf([{ clientId: aliceId, clock: meta.clock + 10, state: { user: { name: 'hacked' } } }]),
    );
    // Then speak for its own id, and try to overwrite and to kick Alice.
    attacker.send(
      frames.awarenessOf([
        { clientId: attackerDoc.clientID, clock: 1, state: { marker: 1 } },
        { clientId: aliceId, clock: meta.clock + 20, state: { user: { name: 'hacked again' } } },
      ]),
    );
    attacker.send(frames.awarenessOf([{ clientId: aliceId, clock: meta.clock + 30, state: null }]));
    attacker.send(frames.awarenessOf([{ clientId: attackerDoc.clientID, clock: 2, state: { marker: 2 } }]));

    // Once Bob has seen the attacker's last (legitimate) state, everything before it was processed.
    await waitForAwareness(
      bobTab.awareness,
      () => (bobTab.awareness.getStates().get(attackerDoc.clientID) as { marker?: number } | undefined)?.marker === 2,
    );
    expect(userIn(bobTab, aliceId)?.name).toBe('Alice Adams');
    expect(bobTab.awareness.getStates().has(aliceId)).toBe(true);
    expect(userIn(bobTab, attackerDoc.clientID)?.name).toBe('Mallory');
    // Nothing the attacker received names "hacked" either.
    const echoed = attacker.received.flatMap(awarenessEntries);
    expect(JSON.stringify(echoed)).not.toContain('hacked');

    // C-AW-6: when the attacker leaves, its presence is withdrawn for everyone.
    attacker.ws.close();
    await waitForAwareness(bobTab.awareness, () => !bobTab.awareness.getStates().has(attackerDoc.clientID));
  });

  it('C-AW-7: a new connection receives the present states; queryAwareness is answered', async () => {
    const late = openRaw(server, mallory, entryId);
    await late.opened;
    const first = await late.next((bytes) => bytes[0] === 1, 'awareness on join');
    const ids = awarenessEntries(first).map((e) => e.clientId);
    expect(ids).toEqual(expect.arrayContaining([aliceTab.doc.clientID, bobTab.doc.clientID]));
    const before = late.received.length;
    late.send(new Uint8Array([3]));
    const answer = await late.next((bytes) => bytes[0] === 1 && late.received.indexOf(bytes) >= before, 'query answer');
    expect(awarenessEntries(answer).length).toBeGreaterThanOrEqual(2);
    late.ws.close();
    await late.closed;
  });

  it('C-AW-5: an awareness flood is coalesced, and the last state wins', async () => {
    const flooder = openRaw(server, bob, entryId);
    const doc = new Y.Doc();
    await flooder.sync(doc);
    const sent = 100;
    for (let clock = 1; clock <= sent; clock++) {
      flooder.send(frames.awarenessOf([{ clientId: doc.clientID, clock, state: { n: clock } }]));
    }
    await waitForAwareness(
      aliceTab.awareness,
      () => (aliceTab.awareness.getStates().get(doc.clientID) as { n?: number } | undefined)?.n === sent,
    );
    const relayed = flooder.received.flatMap(awarenessEntries).filter((e) => e.clientId === doc.clientID);
    expect(relayed.length).toBeLessThan(sent / 2);
    flooder.ws.close();
    await flooder.closed;
  });
});
