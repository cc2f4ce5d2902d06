import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import {
  eventOf,
  openProvider,
  openRaw,
  paragraphs,
  type RawClient,
  type TestProvider,
  waitForDoc,
  whenSynced,
  writeParagraph,
} from './testing/collabClients.ts';

const SECTION = 'context-and-evolution';

/**
 * C-EVENT rules: sockets that opt in with `events=1` hear, within a second,
 * that sign-off, comments, assignments, members or status changed; the event
 * names only the kind (and section), and other sockets never see one.
 */
describe('collab events (C-EVENT)', () => {
  let server: TestServer;
  let lead: TestUser;
  let partner: TestUser;
  let viewer: TestUser;
  let entryId: string;
  const raws: RawClient[] = [];
  const providers: TestProvider[] = [];
  const raw = (user: TestUser, query: string) => {
    const client = openRaw(server, user, entryId, { query });
    raws.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startTestServer();
    lead = await signUpUser(server);
    partner = await signUpUser(server, { organisationKind: 'supplier' });
    viewer = await signUpUser(server, { organisationKind: 'third_sector' });
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, partner, 'lead');
    await addMember(server, lead, entryId, viewer, 'viewer');
    const writer = openProvider(server, lead, entryId);
    providers.push(writer);
    await whenSynced(writer);
    writeParagraph(writer.doc, SECTION, 'Our ward rounds now start with the patient’s own goals.');
    // Another tab seeing the paragraph means the server's room has it: the approval reads that room.
    const reader = openProvider(server, partner, entryId);
    providers.push(reader);
    await waitForDoc(reader.doc, (doc) => paragraphs(doc, SECTION).length > 0, 'the paragraph on the server');
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    for (const r of raws) r.ws.close();
    await server?.close();
  });

  it('C-EVENT-2: an approval reaches an opted-in member of another organisation within a second', async () => {
    const listener = raw(partner, '?events=1');
    await listener.opened;
    const started = performance.now();
    const heard = listener.next((b) => eventOf(b)?.kind === 'signoff', 'signoff event');
    const approved = await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTION}/approve`);
    expect(approved.status).toBe(201);
    expect(eventOf(await heard)).toEqual({ kind: 'signoff' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('C-EVENT-3: a viewer hears that comments changed, and in which section, but nothing of the comment', async () => {
    const listener = raw(viewer, '?events=1');
    await listener.opened;
    const heard = listener.next((b) => eventOf(b)?.kind === 'comments', 'comments event');
    const body = 'Please add the 2023 audit figures.';
    const created = await api(server, partner, 'POST', `/api/entries/${entryId}/sections/${SECTION}/comments`, {
      body,
    });
    expect(created.status).toBe(201);
    const bytes = await heard;
    expect(eventOf(bytes)).toEqual({ kind: 'comments', sectionId: SECTION });
    expect(new TextDecoder().decode(bytes)).not.toContain('audit');
  });

  it('C-EVENT-1: a socket that did not opt in gets no event, and an unmodified provider stays connected', async () => {
    const plain = raw(partner, '?acks=1');
    await plain.opened;
    const provider = openProvider(server, partner, entryId);
    providers.push(provider);
    await whenSynced(provider);
    const optedIn = raw(partner, '?events=1');
    await optedIn.opened;
    const heard = optedIn.next((b) => eventOf(b)?.kind === 'assignments', 'assignments event');
    const assigned = await api(server, lead, 'PUT', `/api/entries/${entryId}/sections/${SECTION}/assignment`, {
      assigneeUserIds: [partner.me.user.id],
      dueDate: null,
    });
    expect(assigned.status).toBe(200);
    expect(eventOf(await heard)).toEqual({ kind: 'assignments', sectionId: SECTION });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(plain.received.some((b) => eventOf(b) !== null)).toBe(false);
    expect(provider.wsconnected).toBe(true);
    expect(provider.synced).toBe(true);
  });

  it('C-EVENT-2: a member joining reaches the others as `members`', async () => {
    const listener = raw(lead, '?events=1');
    await listener.opened;
    const heard = listener.next((b) => eventOf(b)?.kind === 'members', 'members event');
    await addMember(server, lead, entryId, await signUpUser(server), 'contributor');
    expect(eventOf(await heard)).toEqual({ kind: 'members' });
  });

  it('C-EVENT-2: an invitation made, re-issued and revoked each reach the other lead as `members`', async () => {
    const listener = raw(partner, '?events=1');
    await listener.opened;
    const membersEvents = () => listener.received.filter((b) => eventOf(b)?.kind === 'members').length;
    const before = membersEvents();
    const made = listener.next((b) => eventOf(b)?.kind === 'members', 'members event (invited)');
    const created = await api(server, lead, 'POST', `/api/entries/${entryId}/invitations`, {
      email: 'comms.officer@trust.example.nhs.uk',
      role: 'viewer',
    });
    expect(created.status).toBe(201);
    await made;
    const invitationId = ((await created.json()) as { id: string }).id;
    const reissued = await api(server, lead, 'POST', `/api/entries/${entryId}/invitations/${invitationId}/reissue`);
    expect(reissued.status).toBe(200);
    const revoked = await api(server, lead, 'DELETE', `/api/entries/${entryId}/invitations/${invitationId}`);
    expect(revoked.status).toBe(204);
    await vi.waitFor(() => expect(membersEvents()).toBe(before + 3), { timeout: 2000 });
  });
});
