import fs from 'node:fs';
import type { SubmissionDetailDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openProvider,
  paragraphs,
  type TestProvider,
  waitForDoc,
  whenSynced,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { eventually } from '../scale/testing.ts';
import { partnerMember, post, type SignoffFixture, validEntry } from '../signoff/testing/signoffFixtures.ts';
import { api, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { outlineParagraphs, refusedWritesOf, storedOutline, writeOutlineParagraph } from './testing/finalistOutline.ts';

/**
 * C-WRITE-5, the finalist stage's co-written outline (issue 17 item 4), through the real server on
 * SQLite and PostgreSQL with unmodified y-websocket clients: the one write a submitted entry takes.
 * A contributor of the partner organisation writes it and the lead's client receives it; it is
 * stored (a restart keeps it); a section write of the same submitted entry, and a viewer's outline
 * write, are refused with nothing stored; the submitted version still verifies; once the outcome
 * is no longer "finalist" the outline is read-only again and still readable.
 */
describe.each(TEST_DATABASES)('the finalist outline on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let dataDir: string;
  let f: SignoffFixture;
  let partnerContributor: TestUser;
  let viewer: TestUser;
  const providers: TestProvider[] = [];

  const open = async (who: TestUser) => {
    const provider = openProvider(server, who, f.entryId);
    providers.push(provider);
    await whenSynced(provider);
    return provider;
  };
  const outcome = (stage: string) =>
    api(server, f.lead, 'PUT', `/api/entries/${f.entryId}/outcome`, { stage, portalSubmittedOn: null, feedback: '' });
  const updatesStored = async () => (await server.collab.store.loadDocument(f.entryId)).updates.length;

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env, { keepDataDir: true });
    dataDir = server.dataDir;
    f = await validEntry(server, (p) => providers.push(p));
    partnerContributor = await partnerMember(f, 'contributor');
    viewer = await partnerMember(f, 'viewer');
    expect((await post(server, f.lead, `/api/entries/${f.entryId}/submit`)).status).toBe(201);
    expect((await outcome('finalist')).status).toBe(200);
    await eventually(() => server.collab.rooms.get(f.entryId)?.finalistOpen !== false, 'the room sees the stage');
  }, 60_000);
  afterAll(async () => {
    for (const p of providers.splice(0)) p.destroy();
    await server?.close();
    await store?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a contributor of the partner organisation writes the outline of the submitted entry; the lead receives it, stored', async () => {
    const lead = await open(f.lead);
    const writer = await open(partnerContributor);
    writeOutlineParagraph(writer.doc, 'Opening: why the partnership began');
    await waitForDoc(lead.doc, (doc) => outlineParagraphs(doc).includes('Opening: why the partnership began'));
    expect(await storedOutline(server, f.entryId)).toEqual(['Opening: why the partnership began']);
    // The lead writes too, in the same outline: both are kept.
    writeOutlineParagraph(lead.doc, 'Results: waiting times halved');
    await waitForDoc(writer.doc, (doc) => outlineParagraphs(doc).includes('Results: waiting times halved'));
    expect(refusedWritesOf(server, f.entryId, partnerContributor.me.user.id)).toBe(0);
  });

  it('a section write of the same submitted entry is still refused, nothing stored', async () => {
    const writer = await open(partnerContributor);
    const before = await updatesStored();
    writeParagraph(writer.doc, 'context-and-evolution', 'Written into a section after submission.');
    await eventually(() => refusedWritesOf(server, f.entryId, partnerContributor.me.user.id) > 0, 'the refusal');
    const probe = await open(f.partner);
    expect(paragraphs(probe.doc, 'context-and-evolution')).not.toContain('Written into a section after submission.');
    expect(await updatesStored()).toBe(before);
    // One update touching the outline and a section is refused whole (from a client that holds only
    // what is stored: the first one's later writes would follow its refused one, a gap, C-SCHEMA-1).
    const mixer = await open(partnerContributor);
    const refused = refusedWritesOf(server, f.entryId, partnerContributor.me.user.id);
    mixer.doc.transact(() => {
      writeOutlineParagraph(mixer.doc, 'Mixed with a section');
      writeParagraph(mixer.doc, 'benefits-and-outcomes', 'Mixed with the outline');
    });
    await eventually(
      () => refusedWritesOf(server, f.entryId, partnerContributor.me.user.id) > refused,
      'the mixed update refused',
    );
    expect(await storedOutline(server, f.entryId)).not.toContain('Mixed with a section');
    expect(await updatesStored()).toBe(before);
  });

  it("a viewer's outline write is refused, nothing stored; the viewer reads the outline", async () => {
    const reader = await open(viewer);
    expect(outlineParagraphs(reader.doc)).toContain('Opening: why the partnership began');
    const before = await updatesStored();
    writeOutlineParagraph(reader.doc, 'A viewer tries to write');
    await eventually(() => refusedWritesOf(server, f.entryId, viewer.me.user.id) > 0, "the viewer's refusal");
    expect(await updatesStored()).toBe(before);
    expect(await storedOutline(server, f.entryId)).not.toContain('A viewer tries to write');
  });

  it('the submitted version still verifies after outline edits', async () => {
    const response = await api(server, f.partner, 'GET', `/api/entries/${f.entryId}/submissions/1`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as SubmissionDetailDto).verified).toBe(true);
  });

  it('the outline survives a restart', async () => {
    for (const p of providers.splice(0)) p.destroy();
    await server.close();
    server = await startTestServer({ ...store.env, DATA_DIR: dataDir });
    const reader = await open(f.partner);
    expect(outlineParagraphs(reader.doc)).toEqual([
      'Opening: why the partnership began',
      'Results: waiting times halved',
    ]);
  });

  it('once the outcome is "winner" the outline is read-only again, and still readable', async () => {
    const writer = await open(partnerContributor);
    expect((await outcome('winner')).status).toBe(200);
    await eventually(
      () => server.collab.rooms.get(f.entryId)?.finalistOpen === false,
      'the room sees the stage closed',
    );
    const before = await updatesStored();
    writeOutlineParagraph(writer.doc, 'After the award');
    await eventually(() => refusedWritesOf(server, f.entryId, partnerContributor.me.user.id) > 0, 'the refusal');
    expect(await updatesStored()).toBe(before);
    const reader = await open(viewer);
    expect(outlineParagraphs(reader.doc)).toEqual([
      'Opening: why the partnership began',
      'Results: waiting times halved',
    ]);
  });
});
