import type { EntryDto, EntrySummaryDto, ErrorBody, SuggestionListDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  openProvider,
  type TestProvider,
  waitForDoc,
  whenProviderClosed,
  whenSynced,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Suggesting mode (issue 14 item 3) through the real server with real
 * y-websocket clients, on SQLite and PostgreSQL: a suggestion mark is
 * attributed to the person whose connection wrote it (C-SUGGEST-1); a mark
 * re-using another person's suggestion id stays theirs (C-SUGGEST-2) and one
 * carrying an author is refused (C-SCHEMA); pending suggestions change neither
 * words nor hashes, block approval (409 section_has_suggestions) and submit
 * (sections.<id>.suggestions), and count only once accepted.
 */

const SECTION = 'context-and-evolution';
const TEXT = 'Our ward rounds now start with the patient’s goals.';

const firstText = (doc: Y.Doc) => (doc.getXmlFragment(`section:${SECTION}`).get(0) as Y.XmlElement).get(0) as Y.XmlText;
const paragraphText = (doc: Y.Doc) =>
  doc.getXmlFragment(`section:${SECTION}`).length > 0 ? firstText(doc).toString() : '';
const hasMark = (doc: Y.Doc, kind: string, id: string) =>
  paragraphText(doc) !== '' &&
  (firstText(doc).toDelta() as { attributes?: Record<string, { id?: string }> }[]).some(
    (op) => op.attributes?.[kind]?.id === id,
  );

describe.each(TEST_DATABASES)('suggestions on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let lead: TestUser;
  let supplier: TestUser;
  let other: TestUser;
  let entryId: string;
  const providers: TestProvider[] = [];
  const open = async (user: TestUser) => {
    const provider = openProvider(server, user, entryId);
    providers.push(provider);
    await whenSynced(provider);
    return provider;
  };

  const list = async (who: TestUser = lead) => {
    const response = await api(server, who, 'GET', `/api/entries/${entryId}/suggestions`);
    expect(response.status).toBe(200);
    return ((await response.json()) as SuggestionListDto).suggestions;
  };
  /** The dashboard's count of unmet submit conditions for the entry (cached while the document is unchanged). */
  const checksFailing = async () => {
    const rows = (await (await api(server, lead, 'GET', '/api/entries')).json()) as EntrySummaryDto[];
    return rows.find((row) => row.id === entryId)?.checksFailing;
  };
  const section = async () => {
    const entry = (await (await api(server, lead, 'GET', `/api/entries/${entryId}`)).json()) as EntryDto;
    return entry.sections.find((s) => s.id === SECTION)!;
  };

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
    lead = await signUpUser(server);
    supplier = await signUpUser(server, { organisationKind: 'supplier' });
    other = await signUpUser(server, { organisationKind: 'third_sector' });
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, supplier, 'contributor');
    await addMember(server, lead, entryId, other, 'contributor');
    const writer = await open(lead);
    writeParagraph(writer.doc, SECTION, TEXT);
    // Another tab seeing the paragraph means the server holds it.
    const reader = await open(supplier);
    await waitForDoc(reader.doc, (doc) => paragraphText(doc) === TEXT, 'the paragraph on the server');
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server?.close();
    await store?.drop();
  });

  it('C-SUGGEST-1: a suggestion is attributed to the person whose connection wrote it, and is not content', async () => {
    const before = await section();
    expect(before.words).toBe(9);
    const failingBefore = await checksFailing();
    expect(typeof failingBefore).toBe('number');
    const tab = await open(supplier);
    await waitForDoc(tab.doc, (doc) => paragraphText(doc) === TEXT, 'the paragraph');
    // As the supplier's editor does in suggesting mode: proposed words marked, deleted words marked.
    tab.doc.transact(() => {
      const text = firstText(tab.doc);
      text.insert(text.length - 1, ' and their family’s', { insertion: { id: 'sugg-supplier-1' } });
      text.format(4, 5, { deletion: { id: 'sugg-supplier-2' } });
    });
    const reader = await open(lead);
    await waitForDoc(reader.doc, (doc) => hasMark(doc, 'insertion', 'sugg-supplier-1'), 'the suggestion');

    const suggestions = await list();
    expect(suggestions).toEqual([
      expect.objectContaining({
        id: 'sugg-supplier-2',
        kind: 'deletion',
        sectionId: SECTION,
        text: 'ward ',
        author: {
          userId: supplier.me.user.id,
          name: supplier.me.user.name,
          organisation: { id: supplier.me.organisation.id, name: supplier.me.organisation.name },
        },
      }),
      expect.objectContaining({ id: 'sugg-supplier-1', kind: 'insertion', text: ' and their family’s' }),
    ]);
    expect(suggestions[1]!.author?.userId).toBe(supplier.me.user.id);
    expect(typeof suggestions[1]!.createdAt).toBe('number');
    // Any member reads them, and nobody else.
    expect((await list(other)).length).toBe(2);
    const outsider = await signUpUser(server);
    expect((await api(server, outsider, 'GET', `/api/entries/${entryId}/suggestions`)).status).toBe(404);

    const after = await section();
    expect(after.words).toBe(before.words);
    expect(after.contentHash).toBe(before.contentHash);
    // The hash did not change, yet the dashboard counts the section's suggestions as a check failing.
    expect(await checksFailing()).toBe(failingBefore! + 1);
  });

  it('C-SUGGEST-2: a mark re-using another person’s suggestion id stays theirs; an author in the mark is refused', async () => {
    const forger = await open(other);
    await waitForDoc(forger.doc, (doc) => hasMark(doc, 'insertion', 'sugg-supplier-1'), 'the suggestion');
    forger.doc.transact(() => {
      const text = firstText(forger.doc);
      text.insert(0, 'Forged words ', { insertion: { id: 'sugg-supplier-1' } });
      text.insert(0, 'Own words ', { insertion: { id: 'sugg-other-01' } });
    });
    const reader = await open(lead);
    await waitForDoc(reader.doc, (doc) => hasMark(doc, 'insertion', 'sugg-other-01'), 'the forged write');
    const byId = new Map((await list()).map((s) => [s.id, s]));
    expect(byId.get('sugg-supplier-1')?.author?.userId).toBe(supplier.me.user.id);
    expect(byId.get('sugg-other-01')?.author?.userId).toBe(other.me.user.id);
    const rows = await server.services.database.db
      .selectFrom('suggestions')
      .select(['suggestion_id', 'user_id'])
      .where('entry_id', '=', entryId)
      .where('suggestion_id', '=', 'sugg-supplier-1')
      .execute();
    expect(rows).toEqual([{ suggestion_id: 'sugg-supplier-1', user_id: supplier.me.user.id }]);

    // Naming an author in the document is outside the schema: the socket closes 4422, nothing stored.
    const liar = openProvider(server, other, entryId);
    providers.push(liar);
    await whenSynced(liar);
    const closed = whenProviderClosed(liar);
    liar.doc.transact(() => {
      firstText(liar.doc).insert(0, 'Lies ', { insertion: { id: 'sugg-liar-001', author: lead.me.user.id } });
    });
    expect((await closed).code).toBe(4422);
    liar.destroy();
    expect((await list()).some((s) => s.id === 'sugg-liar-001')).toBe(false);
    // Withdrawn again, so the next tests start from the supplier's two suggestions.
    forger.doc.transact(() => {
      const text = firstText(forger.doc);
      text.delete(0, 'Own words Forged words '.length);
    });
    await waitForDoc(reader.doc, (doc) => !hasMark(doc, 'insertion', 'sugg-other-01'), 'the withdrawal');
  });

  it('S-APPROVE-5: a section with pending suggestions cannot be approved or submitted', async () => {
    const approve = await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTION}/approve`);
    expect(approve.status).toBe(409);
    const body = (await approve.json()) as ErrorBody;
    expect(body.error.code).toBe('section_has_suggestions');
    expect(body.error.message).toContain('2 suggestions');

    const submit = await api(server, lead, 'POST', `/api/entries/${entryId}/submit`, {});
    expect(submit.status).toBe(409);
    const issues = ((await submit.json()) as ErrorBody).error.issues ?? [];
    expect(issues).toContainEqual({
      path: `sections.${SECTION}.suggestions`,
      message: expect.stringContaining('2 suggestions waiting'),
    });
  });

  it('accepted suggestions count: words and hash change, approval is possible again', async () => {
    const before = await section();
    const lead2 = await open(lead);
    await waitForDoc(lead2.doc, (doc) => hasMark(doc, 'deletion', 'sugg-supplier-2'), 'the suggestions');
    lead2.doc.transact(() => {
      const text = firstText(lead2.doc);
      // Accept the insertion: its mark removed.
      const delta = text.toDelta() as { insert: string; attributes?: Record<string, { id?: string }> }[];
      let at = 0;
      for (const op of delta) {
        if (op.attributes?.insertion?.id === 'sugg-supplier-1') text.format(at, op.insert.length, { insertion: null });
        at += op.insert.length;
      }
      // Accept the deletion: its text removed.
      text.delete(4, 5);
    });
    const reader = await open(other);
    await waitForDoc(reader.doc, (doc) => !hasMark(doc, 'deletion', 'sugg-supplier-2'), 'the accepted state');
    expect(firstText(reader.doc).toString()).toBe('Our rounds now start with the patient’s goals and their family’s.');
    expect(await list()).toEqual([]);
    const after = await section();
    expect(after.words).toBe(before.words + 2);
    expect(after.contentHash).not.toBe(before.contentHash);
    const approve = await api(server, lead, 'POST', `/api/entries/${entryId}/sections/${SECTION}/approve`);
    expect(approve.status).toBe(201);
  });

  it('tells the writer of the text a suggestion changes (notification kind suggestion)', async () => {
    const tab = await open(supplier);
    await waitForDoc(tab.doc, (doc) => paragraphText(doc) !== '', 'the paragraph');
    // The lead's bell is told once the rows are committed (the bus event its stream pushes).
    const told = new Promise<string[]>((resolve) => {
      const stop = server.services.events.subscribe('notificationsChanged', ({ userIds }) => {
        if (!userIds.includes(lead.me.user.id)) return;
        stop();
        resolve(userIds);
      });
    });
    tab.doc.transact(() => firstText(tab.doc).format(0, 3, { deletion: { id: 'sugg-supplier-3' } }));
    expect(await told).toContain(lead.me.user.id);
    const reader = await open(lead);
    await waitForDoc(reader.doc, (doc) => hasMark(doc, 'deletion', 'sugg-supplier-3'), 'the suggestion');
    // Read from the table: the bell's own route is the notifications concern's (issue 14 item 5).
    const rows = await server.services.database.db
      .selectFrom('notifications')
      .select(['user_id', 'kind', 'section_id', 'actor_id', 'ref'])
      .where('entry_id', '=', entryId)
      .where('kind', '=', 'suggestion')
      .execute();
    expect(rows).toContainEqual({
      user_id: lead.me.user.id,
      kind: 'suggestion',
      section_id: SECTION,
      actor_id: supplier.me.user.id,
      ref: 'sugg-supplier-3',
    });
    // Never the author of a suggestion about it.
    expect(rows.every((row) => row.user_id !== row.actor_id)).toBe(true);
  });
});
