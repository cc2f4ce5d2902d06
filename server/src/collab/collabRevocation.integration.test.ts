import { CloseCode } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { applyStoredDocument } from './docStore.ts';
import {
  frames,
  openProvider,
  openRaw,
  paragraphs,
  type TestProvider,
  waitForDoc,
  whenProviderClosed,
  whenSynced,
  writeParagraph,
} from './testing/collabClients.ts';
import { type CollabTestServer, startCollabTestServer } from './testing/collabTestServer.ts';

/**
 * Access ends while connected (C-REVOKE rules, RELIABILITY D28–D30) and a
 * connection cannot write as someone else (C-SYNC-5, RELIABILITY B20).
 */
describe('collaboration revocation', () => {
  let server: CollabTestServer;
  let lead: TestUser;
  let entryId: string;
  const providers: TestProvider[] = [];

  beforeAll(async () => {
    // Short timers so the periodic paths run within the test.
    server = await startCollabTestServer({ tuning: { sessionRecheckMs: 250, pingIntervalMs: 150 } });
    lead = await signUpUser(server);
    entryId = (await createEntry(server, lead)).id;
  });

  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await server?.close();
  });

  async function member(role: 'contributor' | 'viewer' = 'contributor') {
    const user = await signUpUser(server);
    await addMember(server, lead, entryId, user, role);
    const provider = openProvider(server, user, entryId);
    providers.push(provider);
    await whenSynced(provider);
    return { user, provider };
  }

  const until = async (check: () => boolean) => {
    for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(check()).toBe(true);
  };

  it('C-REVOKE-1: signing out elsewhere closes the socket with 4401 and the provider stops retrying', async () => {
    const { user, provider } = await member();
    const closed = whenProviderClosed(provider);
    const response = await api(server, user, 'POST', '/api/auth/logout');
    expect(response.status).toBeLessThan(300);
    expect((await closed).code).toBe(CloseCode.sessionEnded);
    expect(provider.shouldConnect).toBe(false);
  });

  it('C-REVOKE-2: a member removed from the entry is closed with 4403', async () => {
    const { user, provider } = await member();
    const closed = whenProviderClosed(provider);
    const response = await api(server, lead, 'DELETE', `/api/entries/${entryId}/members/${user.me.user.id}`);
    expect(response.status).toBeLessThan(300);
    expect((await closed).code).toBe(CloseCode.accessRemoved);
  });

  it('C-REVOKE-3: a role change closes the socket with 4100; reconnected as viewer it reads but cannot write', async () => {
    const { user, provider } = await member();
    const leadTab = openProvider(server, lead, entryId);
    providers.push(leadTab);
    await whenSynced(leadTab);
    writeParagraph(provider.doc, 'co-design-with-patients-and-staff', 'while contributor');
    await waitForDoc(leadTab.doc, (doc) =>
      paragraphs(doc, 'co-design-with-patients-and-staff').includes('while contributor'),
    );

    const closed = whenProviderClosed(provider);
    const response = await api(server, lead, 'PATCH', `/api/entries/${entryId}/members/${user.me.user.id}`, {
      role: 'viewer',
    });
    expect(response.status).toBe(200);
    expect((await closed).code).toBe(CloseCode.roleChanged);

    // The provider reconnects by itself; the new connection carries the new role.
    const room = server.collab.rooms.get(entryId)!;
    const reconnected = () => [...room.connections].find((c) => c.userId === user.me.user.id && !c.closed);
    await until(() => reconnected()?.role === 'viewer');
    // Write only once the provider itself is connected and synced again: before that it drops
    // updates and would only offer them in a later SyncStep2.
    await whenSynced(provider);
    writeParagraph(provider.doc, 'co-design-with-patients-and-staff', 'while viewer');
    await until(() => (reconnected()?.refusedWrites ?? 0) > 0);
    writeParagraph(leadTab.doc, 'co-design-with-patients-and-staff', 'lead after');
    await waitForDoc(provider.doc, (doc) =>
      paragraphs(doc, 'co-design-with-patients-and-staff').includes('lead after'),
    );
    await room.whenIdle();
    expect(paragraphs(leadTab.doc, 'co-design-with-patients-and-staff')).toEqual(['while contributor', 'lead after']);
  });

  it('C-REVOKE-4: a session that ends without an event (expiry) is found by the periodic recheck: 4401', async () => {
    const { user, provider } = await member();
    const closed = whenProviderClosed(provider);
    const sessionId = user.cookie.split('=')[1]!.split('.')[0]!;
    await server.services.database.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    expect((await closed).code).toBe(CloseCode.sessionEnded);
  });

  it('C-CLOSE-2: a socket that stops answering pings is terminated', async () => {
    const { user } = await member();
    const client = openRaw(server, user, entryId);
    await client.opened;
    const before = server.collab.connectionCount();
    // Stop reading: pings go unanswered.
    (client.ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
    await until(() => server.collab.connectionCount() === before - 1);
    client.ws.terminate();
  });

  it('C-SYNC-5: writing under another person’s Yjs client id closes with 4409; nothing stored or relayed', async () => {
    const { provider: victim } = await member();
    const { user: forger } = await member();
    writeParagraph(victim.doc, 'value-and-testimonials', 'genuine');
    const observer = openProvider(server, lead, entryId);
    providers.push(observer);
    await whenSynced(observer);
    await waitForDoc(observer.doc, (doc) => paragraphs(doc, 'value-and-testimonials').includes('genuine'));

    const client = openRaw(server, forger, entryId);
    const doc = new Y.Doc();
    await client.sync(doc);
    doc.clientID = victim.doc.clientID; // continue the victim's clock
    const before = Y.encodeStateVector(doc);
    writeParagraph(doc, 'value-and-testimonials', 'forged in the victim’s name');
    client.send(frames.update(Y.encodeStateAsUpdate(doc, before)));
    expect((await client.closed).code).toBe(CloseCode.forgedClientId);

    writeParagraph(victim.doc, 'value-and-testimonials', 'genuine again');
    await waitForDoc(observer.doc, (d) => paragraphs(d, 'value-and-testimonials').includes('genuine again'));
    expect(paragraphs(observer.doc, 'value-and-testimonials')).toEqual(['genuine', 'genuine again']);
    await server.collab.rooms.get(entryId)!.whenIdle();
    const stored = applyStoredDocument(new Y.Doc(), await server.collab.store.loadDocument(entryId));
    expect(paragraphs(stored, 'value-and-testimonials')).toEqual(['genuine', 'genuine again']);
    const owners = await server.collab.store.ownersOfClientIds(entryId, [victim.doc.clientID]);
    expect(owners.get(victim.doc.clientID)).not.toBe(forger.me.user.id);
  });
});
