import type { EntryDto, EntrySummaryDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openProvider, WAIT_MS, whenSynced, writeParagraph } from '../collab/testing/collabClients.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue 10 finding 8, reads' side: the dashboard and the entry view cost
 * O(what they show). They no longer load and walk every entry's document per
 * request: words and hashes come from a summary kept until the document
 * changes (documentSummaries.ts), and stay exact after edits stored directly,
 * made in a live room, and after the room unloads.
 */

const SECTION = 'context-and-evolution';

/**
 * Loads of a changed draft's document by one dashboard: its summary, and its
 * checks failing (I11-17: the submit conditions read the document and its
 * provenance, which reads it too). An unchanged entry loads none.
 */
const READS_PER_CHANGED_ENTRY = 3;

describe('issue 10 finding 8: dashboard and entry reads without a document walk per request', () => {
  let server: TestServer;
  let lead: TestUser;
  let viewer: TestUser;
  const entryIds: string[] = [];
  let loads = 0;

  /** A paragraph of `words` words written to the store as a client's update would be stored. */
  async function storeWords(entryId: string, words: number): Promise<void> {
    const doc = new Y.Doc();
    writeParagraph(doc, SECTION, Array.from({ length: words }, (_, i) => `w${i}`).join(' '));
    await server.collab.store.appendUpdates(entryId, {
      updates: [Y.encodeStateAsUpdate(doc)],
      contributions: [],
      clients: [],
      createdAt: Date.now(),
    });
  }

  async function dashboard(user: TestUser): Promise<EntrySummaryDto[]> {
    const response = await api(server, user, 'GET', '/api/entries');
    expect(response.status).toBe(200);
    return (await response.json()) as EntrySummaryDto[];
  }

  const wordsIn = (list: EntrySummaryDto[], entryId: string) => list.find((e) => e.id === entryId)?.progress.wordsUsed;

  async function entry(entryId: string): Promise<EntryDto> {
    const response = await api(server, viewer, 'GET', `/api/entries/${entryId}`);
    expect(response.status).toBe(200);
    return (await response.json()) as EntryDto;
  }

  beforeAll(async () => {
    server = await startTestServer({}, { tuning: { roomUnloadGraceMs: 20 } });
    [lead, viewer] = await Promise.all([signUpUser(server), signUpUser(server)]);
    for (let i = 0; i < 3; i++) {
      const created = await createEntry(server, lead);
      await addMember(server, lead, created.id, viewer, 'viewer');
      await storeWords(created.id, 10 + i);
      entryIds.push(created.id);
    }
    // Every document load from the store, whoever asks (rooms and readers alike).
    const store = server.collab.store;
    const load = store.loadDocument.bind(store);
    store.loadDocument = (entryId) => {
      loads++;
      return load(entryId);
    };
  });
  afterAll(() => server?.close());

  it('I10-8: a repeated dashboard and entry view load no document; the first reads each a fixed number of times', async () => {
    const first = await dashboard(lead);
    expect(entryIds.map((id) => wordsIn(first, id))).toEqual([10, 11, 12]);
    expect(loads).toBe(entryIds.length * READS_PER_CHANGED_ENTRY);
    const made = server.services.summaries.made;
    for (let i = 0; i < 3; i++) {
      expect(entryIds.map((id) => wordsIn(first, id))).toEqual([10, 11, 12]);
      await dashboard(lead);
      await dashboard(viewer);
      await entry(entryIds[0]!);
    }
    expect(loads).toBe(entryIds.length * READS_PER_CHANGED_ENTRY);
    expect(server.services.summaries.made).toBe(made);
  });

  it('I10-8: an update stored for an entry is on the next dashboard, reading only that document again', async () => {
    await dashboard(lead);
    const before = loads;
    await storeWords(entryIds[1]!, 5);
    const list = await dashboard(viewer);
    expect(entryIds.map((id) => wordsIn(list, id))).toEqual([10, 16, 12]);
    expect(loads).toBe(before + READS_PER_CHANGED_ENTRY);
    expect((await entry(entryIds[1]!)).sections.find((s) => s.id === SECTION)?.words).toBe(16);
    expect(loads).toBe(before + READS_PER_CHANGED_ENTRY);
  });

  it('I10-8: edits in a live room show at once, approval status follows the hash, and stay right after the room unloads', async () => {
    const entryId = entryIds[2]!;
    const approved = await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTION}/approve`);
    expect(approved.status).toBe(201);
    expect((await entry(entryId)).sections.find((s) => s.id === SECTION)?.status).toBe('approved');

    const provider = openProvider(server, lead, entryId);
    await whenSynced(provider);
    writeParagraph(provider.doc, SECTION, 'three more words');
    await expect.poll(async () => wordsIn(await dashboard(viewer), entryId), { timeout: WAIT_MS }).toBe(15);
    const section = (await entry(entryId)).sections.find((s) => s.id === SECTION)!;
    expect(section.words).toBe(15);
    expect(section.status).toBe('changed_since_approval');
    // Unchanged live documents are not walked again either.
    const made = server.services.summaries.made;
    await dashboard(viewer);
    await entry(entryId);
    expect(server.services.summaries.made).toBe(made);

    provider.destroy();
    await expect.poll(() => server.collab.rooms.get(entryId), { timeout: WAIT_MS }).toBeUndefined();
    expect(wordsIn(await dashboard(lead), entryId)).toBe(15);
    expect((await entry(entryId)).sections.find((s) => s.id === SECTION)?.status).toBe('changed_since_approval');
  });
});
