import { CloseCode, type EntryDto, SHORT_FIELDS_MAP } from '@jointly/shared';
import { type CategoryTemplate, type CustomCategoryDto, findCategory } from '@jointly/templates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { applyStoredDocument } from './docStore.ts';
import { frames, openProvider, openRaw, type TestProvider, waitForDoc, whenSynced } from './testing/collabClients.ts';
import { writeShortFieldText } from './testing/writeShortFieldText.ts';

/**
 * The award's short fields on the socket (issue 17 item 1, C-SCHEMA-2 and C-SCHEMA-3): a field
 * the category declares is written live and stored; a raw y-websocket client writing a field the
 * category does not declare, past its character limit, with formatting, or as another kind of
 * type is refused whole with 4422 and nothing of it is stored; a viewer's write is dropped; and a
 * required field left empty is named among the submit conditions.
 */
const fieldText = (doc: Y.Doc, id: string) => {
  const value = doc.getMap<unknown>(SHORT_FIELDS_MAP).get(id);
  return value instanceof Y.Text ? value.toString() : null;
};

describe.each(TEST_DATABASES)('short fields on the socket, on %s', (_name, makeStore) => {
  let store: Awaited<ReturnType<(typeof TEST_DATABASES)[number][1]>>;
  let server: TestServer;
  let lead: TestUser;
  let partner: TestUser;
  let viewer: TestUser;
  let entryId: string;
  const providers: TestProvider[] = [];

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
    lead = await signUpUser(server);
    partner = await signUpUser(server, { organisationName: `Partner ${Date.now()}`, organisationKind: 'supplier' });
    viewer = await signUpUser(server);
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, partner, 'contributor');
    await addMember(server, lead, entryId, viewer, 'viewer');
  });
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await server?.close();
    await store?.drop();
  });

  const open = async (user: TestUser) => {
    const provider = openProvider(server, user, entryId);
    providers.push(provider);
    await whenSynced(provider);
    return provider;
  };

  async function storedDoc(): Promise<Y.Doc> {
    await server.collab.rooms.get(entryId)?.whenIdle();
    return applyStoredDocument(new Y.Doc(), await server.collab.store.loadDocument(entryId));
  }

  /** Sends what `write` does to a synced copy of the document from a raw socket; the close code, or null if it stayed open. */
  async function rawWrite(user: TestUser, write: (doc: Y.Doc) => void): Promise<number | null> {
    const client = openRaw(server, user, entryId);
    const doc = new Y.Doc();
    await client.sync(doc);
    const before = Y.encodeStateVector(doc);
    write(doc);
    client.send(frames.update(Y.encodeStateAsUpdate(doc, before)));
    const closed = await Promise.race([
      client.closed,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 1500)),
    ]);
    client.ws.close();
    return closed?.code ?? null;
  }

  it('the shipped Partnership category declares a project title, listed on the entry', async () => {
    const entry = (await (await api(server, lead, 'GET', `/api/entries/${entryId}`)).json()) as EntryDto;
    expect(entry.shortFields?.map((field) => [field.id, field.charLimit, field.required])).toEqual(
      findCategory('hsj-partnership-long-term-partnership')!.shortFields!.map((f) => [f.id, f.charLimit, f.required]),
    );
    expect(entry.shortFields?.[0]).toMatchObject({ id: 'project-title', label: 'Project title' });
  });

  it('a declared field written by one organisation reaches the other live and is stored', async () => {
    const writer = await open(lead);
    const reader = await open(partner);
    const hashNow = async () =>
      ((await (await api(server, lead, 'GET', `/api/entries/${entryId}`)).json()) as EntryDto).contentHash;
    const before = await hashNow();
    writeShortFieldText(writer.doc, 'project-title', 'Outpatients, together');
    await waitForDoc(reader.doc, (doc) => fieldText(doc, 'project-title') === 'Outpatients, together');
    writeShortFieldText(reader.doc, 'project-title', ' in Northshire');
    await waitForDoc(writer.doc, (doc) => fieldText(doc, 'project-title') === 'Outpatients, together in Northshire');
    expect(fieldText(await storedDoc(), 'project-title')).toBe('Outpatients, together in Northshire');
    // An endorsement is of the whole entry: the title is in its content hash.
    expect(await hashNow()).not.toBe(before);
  });

  it('refuses, whole, a field the category does not declare, a write past the limit, formatting and a map', async () => {
    const limit = 150; // project-title's charLimit in the shipped file
    const refused: [string, (doc: Y.Doc) => void][] = [
      ['undeclared', (doc) => writeShortFieldText(doc, 'organisation-names', 'Not a field of this category')],
      ['over the limit', (doc) => writeShortFieldText(doc, 'summary', 'x'.repeat(401))],
      [
        'over the limit by appending',
        (doc) =>
          writeShortFieldText(
            doc,
            'project-title',
            'y'.repeat(limit - 'Outpatients, together in Northshire'.length + 1),
          ),
      ],
      [
        'formatting',
        (doc) => (doc.getMap<unknown>(SHORT_FIELDS_MAP).get('project-title') as Y.Text).format(0, 3, { bold: true }),
      ],
      ['a map', (doc) => doc.getMap<unknown>(SHORT_FIELDS_MAP).set('summary', new Y.Map())],
    ];
    for (const [what, write] of refused) {
      expect([what, await rawWrite(partner, write)]).toEqual([what, CloseCode.updateRefused]);
    }
    const stored = await storedDoc();
    expect(fieldText(stored, 'project-title')).toBe('Outpatients, together in Northshire');
    expect(fieldText(stored, 'summary')).toBeNull();
    expect(stored.getMap(SHORT_FIELDS_MAP).has('organisation-names')).toBe(false);
    // Up to the limit exactly is taken, and replacing a character at the limit too.
    const fill = 'z'.repeat(limit - 'Outpatients, together in Northshire'.length);
    expect(await rawWrite(partner, (doc) => writeShortFieldText(doc, 'project-title', fill))).toBeNull();
    expect(
      await rawWrite(partner, (doc) => {
        const text = doc.getMap<unknown>(SHORT_FIELDS_MAP).get('project-title') as Y.Text;
        doc.transact(() => {
          text.delete(limit - 1, 1);
          text.insert(limit - 1, 'Q');
        });
      }),
    ).toBeNull();
    expect(fieldText(await storedDoc(), 'project-title')).toHaveLength(limit);
    expect(fieldText(await storedDoc(), 'project-title')?.endsWith('Q')).toBe(true);
  });

  it('drops a viewer’s write to a short field, as any viewer write', async () => {
    const viewerProvider = await open(viewer);
    writeShortFieldText(viewerProvider.doc, 'summary', 'viewer text');
    const room = server.collab.rooms.get(entryId)!;
    const connection = [...room.connections].find((c) => c.userId === viewer.me.user.id)!;
    await expect.poll(() => connection.refusedWrites).toBeGreaterThan(0);
    expect(fieldText(await storedDoc(), 'summary')).toBeNull();
  });

  it('names a required field left empty among the submit conditions, and not once written', async () => {
    const base = findCategory('hsj-partnership-long-term-partnership')!;
    const template: Omit<CategoryTemplate, 'id'> = {
      ...base,
      programme: `Award ${Date.now()}`,
      shortFields: [{ id: 'organisation-names', label: 'Organisation name(s)', charLimit: 300, required: true }],
    };
    const made = (await (await api(server, lead, 'POST', '/api/categories', { template })).json()) as CustomCategoryDto;
    const custom = await createEntry(server, lead, made.id);
    const conditions = async () =>
      (
        (await (await api(server, lead, 'GET', `/api/entries/${custom.id}/submit-conditions`)).json()) as {
          issues: { path: string; message: string }[];
        }
      ).issues;
    expect(await conditions()).toContainEqual({
      path: 'shortFields.organisation-names',
      message: '“Organisation name(s)” is required.',
    });
    const provider = openProvider(server, lead, custom.id);
    providers.push(provider);
    await whenSynced(provider);
    writeShortFieldText(provider.doc, 'organisation-names', 'Northshire NHS Trust and MedLogix Ltd');
    await expect
      .poll(async () => (await conditions()).some((issue) => issue.path.startsWith('shortFields.')))
      .toBe(false);
  });
});
