import type { EntryDto, ErrorBody, SuggestedChangeDto, SuggestionListDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  openProvider,
  paragraphs,
  type TestProvider,
  waitForDoc,
  whenSynced,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { paragraphTextOf, plainTextOf, positionsAround } from '../collab/testing/textPositions.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * A viewer may suggest (issue 14 item 3, C-SUGGEST-5) through the real server
 * with real y-websocket clients, on SQLite and PostgreSQL: a lead's setting;
 * the server writes the viewer's suggestion into the document, where every
 * connected editor receives its marks; it is stored (and survives a restart),
 * attributed to the viewer, and not content until accepted; the viewer's own
 * socket still cannot write; refusals store nothing.
 */

const SECTION = 'context-and-evolution';
const OTHER_SECTION = 'benefits-and-outcomes';
const FIRST = 'Our ward rounds now start with the patient’s goals.';
const SECOND = 'Families join the round on request.';

type Op = { insert: string; attributes?: Record<string, { id?: string } | undefined> };
/** The positions a page sends for the first occurrence of `words` in a paragraph, as the suggestion's range. */
function rangeOf(doc: Y.Doc, words: string, block = 0, sectionId = SECTION) {
  const { start, end } = positionsAround(doc, sectionId, words, block);
  return { from: start, to: end };
}
const plain = (doc: Y.Doc, block = 0) => plainTextOf(paragraphTextOf(doc, SECTION, block));
/** The words of the first paragraph carrying a mark of this kind and id. */
const marked = (doc: Y.Doc, kind: string, id: string) =>
  (paragraphTextOf(doc, SECTION).toDelta() as Op[])
    .filter((op) => op.attributes?.[kind]?.id === id)
    .map((op) => op.insert)
    .join('');

describe.each(TEST_DATABASES)('a viewer suggests on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let lead: TestUser;
  let contributor: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let entryId: string;
  let editor: TestProvider;
  const providers: TestProvider[] = [];
  const open = async (user: TestUser) => {
    const provider = openProvider(server, user, entryId);
    providers.push(provider);
    await whenSynced(provider);
    return provider;
  };
  const suggest = (who: TestUser, body: unknown, sectionId = SECTION) =>
    api(server, who, 'POST', `/api/entries/${entryId}/sections/${sectionId}/suggestions`, body);
  const settings = (who: TestUser, body: unknown) =>
    api(server, who, 'PATCH', `/api/entries/${entryId}/settings`, body);
  const entry = async (who: TestUser = lead) =>
    (await (await api(server, who, 'GET', `/api/entries/${entryId}`)).json()) as EntryDto;
  const list = async () =>
    ((await (await api(server, lead, 'GET', `/api/entries/${entryId}/suggestions`)).json()) as SuggestionListDto)
      .suggestions;
  const storedRows = async () =>
    server.services.database.db
      .selectFrom('suggestions')
      .select(['suggestion_id', 'kind', 'user_id'])
      .where('entry_id', '=', entryId)
      .orderBy('suggestion_id')
      .orderBy('kind')
      .execute();
  const codeOf = async (response: Response) => ((await response.json()) as ErrorBody).error.code;

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env, { keepDataDir: true });
    lead = await signUpUser(server);
    contributor = await signUpUser(server, { organisationKind: 'supplier' });
    viewer = await signUpUser(server, { organisationName: 'Trust Comms', organisationKind: 'other' });
    outsider = await signUpUser(server);
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, contributor, 'contributor');
    await addMember(server, lead, entryId, viewer, 'viewer');
    editor = await open(lead);
    writeParagraph(editor.doc, SECTION, FIRST);
    writeParagraph(editor.doc, SECTION, SECOND);
    writeParagraph(editor.doc, OTHER_SECTION, 'Readmissions fell.');
    const reader = await open(contributor);
    await waitForDoc(reader.doc, (doc) => paragraphs(doc, OTHER_SECTION).length === 1, 'the paragraphs on the server');
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server?.close();
    await store?.drop();
  });

  it('only a lead turns it on; off by default, a viewer is refused 403 with nothing written', async () => {
    expect((await entry(viewer)).viewersMaySuggest).toBe(false);
    const refused = await suggest(viewer, { ...rangeOf(editor.doc, 'ward rounds'), text: 'daily huddles' });
    expect(refused.status).toBe(403);
    expect(await storedRows()).toEqual([]);

    expect((await settings(viewer, { viewersMaySuggest: true })).status).toBe(403);
    expect((await settings(contributor, { viewersMaySuggest: true })).status).toBe(403);
    expect((await settings(outsider, { viewersMaySuggest: true })).status).toBe(404);
    expect((await settings(lead, { viewersMaySuggest: 'yes' })).status).toBe(400);
    expect((await entry()).viewersMaySuggest).toBe(false);

    const announced = new Promise<string | undefined>((resolve) => {
      const stop = server.services.events.subscribe('entryChanged', (event) => {
        if (event.entryId !== entryId) return;
        stop();
        resolve(event.kind);
      });
    });
    const on = await settings(lead, { viewersMaySuggest: true });
    expect(on.status).toBe(200);
    expect(await on.json()).toEqual({ viewersMaySuggest: true });
    expect(await announced).toBe('settings');
    expect((await entry(viewer)).viewersMaySuggest).toBe(true);
    const activity = (await (await api(server, lead, 'GET', `/api/entries/${entryId}/activity`)).json()) as {
      kind: string;
      detail: Record<string, unknown>;
    }[];
    expect(activity[0]).toMatchObject({ kind: 'entry_settings_changed', detail: { viewersMaySuggest: true } });
  });

  it('the server writes a viewer’s suggestion: connected editors get the marks, attributed to the viewer, not content', async () => {
    const before = (await entry()).sections.find((s) => s.id === SECTION)!;
    const response = await suggest(viewer, { ...rangeOf(editor.doc, 'ward rounds'), text: 'daily huddles' });
    expect(response.status).toBe(201);
    const { id, sectionId } = (await response.json()) as SuggestedChangeDto;
    expect(sectionId).toBe(SECTION);
    // Answered once durable and relayed: the lead's open editor receives both marks, one id.
    await waitForDoc(editor.doc, (doc) => marked(doc, 'insertion', id) === 'daily huddles', 'the suggestion');
    expect(marked(editor.doc, 'deletion', id)).toBe('ward rounds');
    expect(plain(editor.doc)).toBe(FIRST.replace('ward rounds', 'ward roundsdaily huddles'));

    const suggestions = await list();
    expect(suggestions.map((s) => [s.id, s.kind, s.text, s.author?.userId])).toEqual([
      [id, 'deletion', 'ward rounds', viewer.me.user.id],
      [id, 'insertion', 'daily huddles', viewer.me.user.id],
    ]);
    expect(await storedRows()).toEqual([
      { suggestion_id: id, kind: 'deletion', user_id: viewer.me.user.id },
      { suggestion_id: id, kind: 'insertion', user_id: viewer.me.user.id },
    ]);
    // The Yjs client id the server wrote under is the viewer's, as any writer's is.
    const clients = await server.services.database.db
      .selectFrom('doc_clients')
      .select('user_id')
      .where('entry_id', '=', entryId)
      .where('user_id', '=', viewer.me.user.id)
      .execute();
    expect(clients.length).toBe(1);
    const after = (await entry()).sections.find((s) => s.id === SECTION)!;
    expect(after.words).toBe(before.words);
    expect(after.contentHash).toBe(before.contentHash);
  });

  it('the viewer’s own socket still cannot write (C-WRITE-1)', async () => {
    const tab = await open(viewer);
    await waitForDoc(tab.doc, (doc) => paragraphs(doc, SECTION).length === 2, 'the text');
    writeParagraph(tab.doc, SECTION, 'viewer vandalism');
    const room = server.collab.rooms.get(entryId)!;
    const connection = [...room.connections].find((c) => c.userId === viewer.me.user.id)!;
    await expect.poll(() => connection.refusedWrites, { timeout: 5000 }).toBeGreaterThan(0);
    await room.whenIdle();
    expect(paragraphs(editor.doc, SECTION)).not.toContain('viewer vandalism');
    tab.destroy();
  });

  it('a contributor may use it too; an empty replacement proposes removing the words', async () => {
    const response = await suggest(contributor, { ...rangeOf(editor.doc, 'request', 1), text: '' });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as SuggestedChangeDto;
    const reader = await open(lead);
    await waitForDoc(
      reader.doc,
      (doc) =>
        (paragraphTextOf(doc, SECTION, 1).toDelta() as Op[]).some(
          (op) => op.attributes?.deletion?.id === id && op.insert === 'request',
        ),
      'the deletion',
    );
    const mine = (await list()).filter((s) => s.id === id);
    expect(mine.map((s) => [s.kind, s.author?.userId])).toEqual([['deletion', contributor.me.user.id]]);
  });

  it('refuses what is not one paragraph of this section, overlaps a suggestion, or is empty, storing nothing', async () => {
    const rows = await storedRows();
    const text = () => paragraphs(editor.doc, SECTION).join('\n');
    const was = text();
    expect((await suggest(outsider, { ...rangeOf(editor.doc, 'goals'), text: 'aims' })).status).toBe(404);
    // Positions into another section, garbage, and a range across two paragraphs.
    const elsewhere = rangeOf(editor.doc, 'Readmissions', 0, OTHER_SECTION);
    const intoOther = await suggest(viewer, { ...elsewhere, text: 'x' });
    expect(intoOther.status).toBe(400);
    expect(await codeOf(intoOther)).toBe('validation_failed');
    expect((await suggest(viewer, { from: 'AAAAAAAA', to: 'AAAAAAAA', text: 'x' })).status).toBe(400);
    expect((await suggest(viewer, { from: 'not base64!', to: 'x', text: 'x' })).status).toBe(400);
    const across = { from: rangeOf(editor.doc, 'goals').from, to: rangeOf(editor.doc, 'Families', 1).to, text: 'x' };
    expect((await suggest(viewer, across)).status).toBe(400);
    expect((await suggest(viewer, { ...rangeOf(editor.doc, 'goals'), text: 'x\ny' })).status).toBe(400);
    expect((await suggest(viewer, { ...rangeOf(editor.doc, 'goals'), text: 'x', author: 'lead' })).status).toBe(400);
    expect((await suggest(viewer, { ...rangeOf(editor.doc, 'goals'), text: 'x' }, 'no-such-section')).status).toBe(400);
    // Nothing selected and nothing typed.
    const point = rangeOf(editor.doc, 'goals');
    expect((await suggest(viewer, { from: point.from, to: point.from, text: '' })).status).toBe(400);
    // Overlapping the viewer's pending suggestion.
    const overlap = await suggest(contributor, { ...rangeOf(editor.doc, 'huddles now'), text: 'meetings' });
    expect(overlap.status).toBe(409);
    expect(await codeOf(overlap)).toBe('conflict');
    await server.collab.rooms.get(entryId)?.whenIdle();
    expect(await storedRows()).toEqual(rows);
    expect(text()).toBe(was);
  });

  it('survives a restart: stored, still attributed to the viewer', async () => {
    const dataDir = server.dataDir;
    for (const p of providers.splice(0)) p.destroy();
    await server.close();
    server = await startTestServer({ ...store.env, DATA_DIR: dataDir });
    editor = await open(lead);
    await waitForDoc(editor.doc, (doc) => paragraphs(doc, SECTION).length === 2, 'the stored text');
    const viewers = (await list()).filter((s) => s.author?.userId === viewer.me.user.id);
    expect(viewers.map((s) => [s.kind, s.text])).toEqual([
      ['deletion', 'ward rounds'],
      ['insertion', 'daily huddles'],
    ]);
  });

  it('counts once a lead accepts it: the hash changes and it is no longer pending', async () => {
    const before = (await entry()).sections.find((s) => s.id === SECTION)!;
    const id = (await list()).find((s) => s.author?.userId === viewer.me.user.id)!.id;
    editor.doc.transact(() => {
      const text = paragraphTextOf(editor.doc, SECTION);
      const at = plain(editor.doc).indexOf('daily huddles');
      text.format(at, 'daily huddles'.length, { insertion: null });
      text.delete(plain(editor.doc).indexOf('ward rounds'), 'ward rounds'.length);
    });
    const reader = await open(contributor);
    await waitForDoc(reader.doc, (doc) => plain(doc).startsWith('Our daily huddles now'), 'the accepted text');
    expect((await list()).some((s) => s.id === id)).toBe(false);
    expect((await entry()).sections.find((s) => s.id === SECTION)!.contentHash).not.toBe(before.contentHash);
  });

  it('a submitted entry takes no suggestion and no settings change (409 entry_submitted)', async () => {
    await server.services.database.db
      .updateTable('entries')
      .set({ status: 'submitted' })
      .where('id', '=', entryId)
      .execute();
    server.collab.entryStatusChanged(entryId, 'submitted');
    const rows = await storedRows();
    const refused = await suggest(viewer, { ...rangeOf(editor.doc, 'goals'), text: 'aims' });
    expect(refused.status).toBe(409);
    expect(await codeOf(refused)).toBe('entry_submitted');
    const setting = await settings(lead, { viewersMaySuggest: false });
    expect(setting.status).toBe(409);
    expect(await codeOf(setting)).toBe('entry_submitted');
    expect(await storedRows()).toEqual(rows);
  });
});
