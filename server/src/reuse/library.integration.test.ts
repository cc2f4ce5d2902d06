import { type LibraryItemDto, type ProvenanceDto, TESTIMONIALS_MAP } from '@jointly/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  openProvider,
  type TestProvider,
  whenSynced,
  writeItem,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { eventuallyValue } from '../scale/testing.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * The organisation's library (issue 17 item 3) against a real server on SQLite and PostgreSQL,
 * with items written by real y-websocket clients.
 */

const SOURCE_CATEGORY = 'hsj-partnership-long-term-partnership';
const TARGET_CATEGORY = 'hsj-awards-provider-collaboration';
const SOURCE_SECTION = 'context-and-evolution';

describe.each(TEST_DATABASES)('the organisation library on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let trustLead: TestUser;
  let supplier: TestUser;
  let outsider: TestUser;
  let sourceId: string;
  let sourceTitle: string;
  const providers: TestProvider[] = [];

  async function connect(user: TestUser, entryId: string): Promise<TestProvider> {
    const provider = openProvider(server, user, entryId);
    providers.push(provider);
    await whenSynced(provider);
    return provider;
  }
  const provenance = async (user: TestUser, entryId: string) =>
    (await (await api(server, user, 'GET', `/api/entries/${entryId}/provenance`)).json()) as ProvenanceDto;
  const putInLibrary = (user: TestUser, itemId = 'testimonial-one', entryId = sourceId) =>
    api(server, user, 'POST', `/api/entries/${entryId}/items/${itemId}/library`);
  const library = (user: TestUser, organisationId: string) =>
    api(server, user, 'GET', `/api/organisations/${organisationId}/library`);

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
    [trustLead, supplier, outsider] = await Promise.all([
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server),
    ]);
    const source = await createEntry(server, trustLead, SOURCE_CATEGORY);
    sourceId = source.id;
    sourceTitle = source.title;
    await addMember(server, trustLead, sourceId, supplier, 'contributor');
    // The supplier writes the section and a patient's testimonial whose consent covers publication only.
    const writer = await connect(supplier, sourceId);
    writeParagraph(writer.doc, SOURCE_SECTION, 'The partnership began in 2015 with one ward.');
    writeItem(writer.doc, TESTIMONIALS_MAP, 'testimonial-one', {
      quote: 'They listened to us.',
      personName: 'A patient',
      kind: 'patient',
      consent: { obtained: true, date: '2026-01-10', howRecorded: 'Signed form', uses: ['publication'], forms: [] },
      sectionIds: [SOURCE_SECTION],
    });
    await eventuallyValue(
      () => provenance(trustLead, sourceId),
      (p) => p.items.length === 1 && p.sections.some((s) => s.contributors.length > 0),
      'the item and the text stored',
    );
  }, 60_000);
  afterEach(() => {
    for (const provider of providers.splice(0)) provider.destroy();
  });
  afterAll(async () => {
    await server?.close();
    await store?.drop();
  });

  it('takes an approved item from its contributing organisation only; reused in another entry, lacking consent is flagged', async () => {
    // Not approved yet: refused, nothing kept.
    expect((await putInLibrary(supplier)).status).toBe(409);
    const approved = await api(
      server,
      trustLead,
      'POST',
      `/api/entries/${sourceId}/sections/${SOURCE_SECTION}/approve`,
    );
    expect(approved.status).toBe(201);
    // The trust did not contribute it (403); an outsider is not in the entry (404); an unknown item 404.
    expect((await putInLibrary(trustLead)).status).toBe(403);
    expect((await putInLibrary(outsider)).status).toBe(404);
    expect((await putInLibrary(supplier, 'no-such-item')).status).toBe(404);
    expect(await (await library(supplier, supplier.me.organisation.id)).json()).toEqual([]);

    const put = await putInLibrary(supplier);
    expect(put.status).toBe(201);
    const kept = (await put.json()) as LibraryItemDto;
    expect(kept).toMatchObject({
      collection: TESTIMONIALS_MAP,
      summary: 'They listened to us.',
      source: { entryId: sourceId, entryTitle: sourceTitle, itemId: 'testimonial-one' },
      firstContributedBy: { userId: supplier.me.user.id },
      uses: [],
    });
    expect(kept.fields.sectionIds).toBeUndefined();
    expect((await putInLibrary(supplier)).status).toBe(409);

    // The supplier's own entry in another category: the item goes in, its consent checked for this use.
    const second = await createEntry(server, supplier, TARGET_CATEGORY);
    const viewerOfSecond = await signUpUser(server);
    await addMember(server, supplier, second.id, viewerOfSecond, 'viewer');
    const use = (user: TestUser) =>
      api(server, user, 'POST', `/api/entries/${second.id}/library-items`, { libraryItemId: kept.id });
    expect((await use(viewerOfSecond)).status).toBe(403);
    expect((await use(trustLead)).status).toBe(404);
    const used = await use(supplier);
    expect(used.status).toBe(201);
    const answer = (await used.json()) as { itemId: string; consentProblems: { code: string }[] };
    expect(answer.consentProblems.map((p) => p.code)).toEqual(['judging_not_covered']);

    const reader = await connect(viewerOfSecond, second.id);
    const written = (reader.doc.getMap(TESTIMONIALS_MAP).get(answer.itemId) as Y.Map<unknown>).toJSON();
    expect(written).toMatchObject({ quote: 'They listened to us.', kind: 'patient', sectionIds: [] });
    const conditions = (await (
      await api(server, supplier, 'GET', `/api/entries/${second.id}/submit-conditions`)
    ).json()) as {
      issues: { path: string; message: string }[];
    };
    expect(conditions.issues.map((i) => i.path)).toContain(`testimonials.${answer.itemId}.consent`);
    const p = await provenance(supplier, second.id);
    expect(p.items.find((i) => i.itemId === answer.itemId)).toMatchObject({
      label: 'E1',
      created: { actor: { userId: supplier.me.user.id } },
      origin: {
        via: 'library',
        firstContributedBy: { userId: supplier.me.user.id },
        entry: { id: sourceId, title: sourceTitle },
      },
    });

    // Where it has been used: the second entry, by the supplier; the trust cannot read the supplier's library.
    const listed = (await (await library(supplier, supplier.me.organisation.id)).json()) as LibraryItemDto[];
    expect(listed.map((item) => item.uses.map((u) => [u.entry?.id, u.itemId, u.usedBy.userId]))).toEqual([
      [[second.id, answer.itemId, supplier.me.user.id]],
    ]);
    expect((await library(trustLead, supplier.me.organisation.id)).status).toBe(404);
  });
});
