import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMember, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { applyStoredDocument } from './docStore.ts';
import {
  openProvider,
  openRaw,
  paragraphs,
  type TestProvider,
  upgradeStatus,
  waitForDoc,
  whenSynced,
  writeParagraph,
} from './testing/collabClients.ts';
import { type CollabTestServer, startCollabTestServer } from './testing/collabTestServer.ts';

/**
 * Who may open the socket, decided before the upgrade (C-AUTH rules,
 * RELIABILITY A3, A6, A7, A9, F39), and what a viewer's socket may do
 * (C-WRITE-1, RELIABILITY B18).
 */
describe('collaboration access', () => {
  let server: CollabTestServer;
  let lead: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let entryId: string;
  const providers: TestProvider[] = [];
  const key = 'dGhlIHNhbXBsZSBub25jZQ==';
  const handshake = (extra: Record<string, string> = {}) => ({
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': key,
    ...extra,
  });

  beforeAll(async () => {
    server = await startCollabTestServer({ tuning: { maxSocketsPerUser: 3 } });
    lead = await signUpUser(server);
    viewer = await signUpUser(server, { organisationName: 'Comms Office', organisationKind: 'other' });
    outsider = await signUpUser(server, { organisationName: 'Elsewhere NHS Trust' });
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, viewer, 'viewer');
  });

  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await server?.close();
  });

  /** Polls a server-side condition that has no event of its own. */
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(check()).toBe(true);
  };
  const attempt = (path: string, headers: Record<string, string>) => upgradeStatus(server, path, headers);

  it('C-AUTH-4: no session cookie, or a garbage or forged token, is refused with 401 before the upgrade', async () => {
    expect((await attempt(`/collab/${entryId}`, { origin: server.origin })).status).toBe(401);
    for (const cookie of ['jointly_session=garbage', 'jointly_session=abc.def', 'other=1']) {
      expect((await attempt(`/collab/${entryId}`, { origin: server.origin, cookie })).status).toBe(401);
    }
    // A token in the query string is ignored (RELIABILITY D27).
    const token = lead.cookie.split('=')[1]!;
    expect((await attempt(`/collab/${entryId}?token=${token}`, { origin: server.origin })).status).toBe(401);
  });

  it('C-AUTH-3: a foreign or missing Origin is refused with 403 even with a valid cookie', async () => {
    const refused = await attempt(`/collab/${entryId}`, { origin: 'https://evil.example', cookie: lead.cookie });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'cross_origin_request' } });
    expect((await attempt(`/collab/${entryId}`, { cookie: lead.cookie })).status).toBe(403);
  });

  it('C-AUTH-5: a non-member, or an entry that does not exist, gets the same 404', async () => {
    const foreign = await attempt(`/collab/${entryId}`, { origin: server.origin, cookie: outsider.cookie });
    const missing = await attempt('/collab/doesnotexist', { origin: server.origin, cookie: outsider.cookie });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body).toBe(missing.body);
  });

  it('C-AUTH-1: any other path under the socket is 404', async () => {
    for (const path of ['/collab', `/collab/${entryId}/x`, '/collab/..%2Fapi', '/elsewhere']) {
      expect((await attempt(path, { origin: server.origin, cookie: lead.cookie })).status).toBe(404);
    }
  });

  it('C-AUTH-2: malformed handshakes are answered 400, repeatedly, leaving nothing behind', async () => {
    const { rawRequest } = await import('../test/rawRequest.ts');
    for (let i = 0; i < 200; i++) {
      const headers = handshake({ origin: server.origin, cookie: lead.cookie });
      if (i % 2 === 0) delete (headers as Record<string, string>)['sec-websocket-key'];
      else headers['sec-websocket-key'] = 'not-a-key';
      const response = await rawRequest(server, { path: `/collab/${entryId}`, headers });
      expect(response.status).toBe(400);
    }
    expect(server.collab.connectionCount()).toBe(0);
  });

  it('C-AUTH-6: connections beyond the per-user cap are refused with 429, and slots come back', async () => {
    const clients = [0, 1, 2].map(() => openRaw(server, lead, entryId));
    await Promise.all(clients.map((c) => c.opened));
    expect((await attempt(`/collab/${entryId}`, { origin: server.origin, cookie: lead.cookie })).status).toBe(429);
    clients[0]!.ws.close();
    await clients[0]!.closed;
    const again = openRaw(server, lead, entryId);
    await again.opened;
    for (const c of [...clients, again]) c.ws.close();
    await Promise.all([...clients, again].map((c) => c.closed));
    await until(() => server.collab.slotCounts().ips === 0 && server.collab.slotCounts().users === 0);
  });

  it('C-WRITE-1: a viewer reads live, but its edits reach neither storage nor other clients', async () => {
    const leadProvider = openProvider(server, lead, entryId);
    const viewerProvider = openProvider(server, viewer, entryId);
    providers.push(leadProvider, viewerProvider);
    await Promise.all([whenSynced(leadProvider), whenSynced(viewerProvider)]);

    writeParagraph(viewerProvider.doc, 'context-and-evolution', 'viewer vandalism');
    const room = server.collab.rooms.get(entryId)!;
    const viewerConnection = [...room.connections].find((c) => c.userId === viewer.me.user.id)!;
    await until(() => viewerConnection.refusedWrites > 0);
    writeParagraph(leadProvider.doc, 'context-and-evolution', 'lead text');
    // The viewer still receives the lead's edit over the same socket…
    await waitForDoc(viewerProvider.doc, (doc) => paragraphs(doc, 'context-and-evolution').includes('lead text'));
    // …and the lead, having received that, never received the viewer's.
    await room.whenIdle();
    expect(paragraphs(leadProvider.doc, 'context-and-evolution')).toEqual(['lead text']);
    const stored = applyStoredDocument(new Y.Doc(), await server.collab.store.loadDocument(entryId));
    expect(paragraphs(stored, 'context-and-evolution')).toEqual(['lead text']);
    expect(viewerProvider.wsconnected).toBe(true);
    const contributions = await server.collab.store.listContributions(entryId);
    expect(contributions.some((c) => c.userId === viewer.me.user.id)).toBe(false);
  });
});
