import type { EntryDto, ErrorBody } from '@jointly/shared';
import { type CategoryListItem, type CategoryTemplate, type CustomCategoryDto, findCategory } from '@jointly/templates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openProvider,
  paragraphs,
  type TestProvider,
  whenProviderClosed,
  whenSynced,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Custom categories (issue 17 item 1) through the real server on SQLite and PostgreSQL: made from
 * a template, refused with every problem listed and nothing stored, exported and imported again
 * unchanged, versioned (an entry keeps its version), shared with partner organisations only, 404
 * to outsiders, and an entry on one gets its sections on the collaboration socket's schema.
 */
const stores = TEST_DATABASES;

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;
const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

/** A two-section category for an award Jointly does not ship. */
function parliamentaryAward(): Omit<CategoryTemplate, 'id'> {
  return {
    programme: `NHS Parliamentary Awards ${unique()}`,
    name: 'Excellence in Primary Care',
    description: 'For teams transforming primary care.',
    deadline: '2027-03-01T12:00:00Z',
    eligibility: { activeWithinMonths: 12, evidenceWithinMonths: 24, minimumPartnershipYears: null, notes: [] },
    supportingEvidence: { maxDocuments: 1, formats: ['pdf'], mustBeReferencedFromText: false },
    sections: [
      {
        id: 'what-you-did',
        title: 'What did you do?',
        summary: 'The project.',
        prompts: ['Describe the project.'],
        wordLimit: 300,
        coverage: [{ id: 'what-cites', type: 'citesExhibit', description: 'Cite an exhibit.' }],
      },
      {
        id: 'impact',
        title: 'What difference did it make?',
        summary: 'The impact.',
        prompts: ['Who benefited?'],
        wordLimit: 300,
        coverage: [],
      },
    ],
    coverage: [],
  };
}

describe.each(stores)('custom categories on %s', (_name, makeStore) => {
  let store: Awaited<ReturnType<(typeof stores)[number][1]>>;
  let server: TestServer;
  let owner: TestUser;
  let colleague: TestUser;
  const providers: TestProvider[] = [];

  const create = (user: TestUser, template: unknown, sharedWithPartners?: boolean) =>
    api(server, user, 'POST', '/api/categories', { template, sharedWithPartners });
  const listed = async (user: TestUser) =>
    (await (await api(server, user, 'GET', '/api/categories')).json()) as CategoryListItem[];
  const customIds = async (user: TestUser) => (await listed(user)).filter((c) => 'custom' in c).map((c) => c.id);

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
    owner = await signUpUser(server);
    colleague = await signUpUser(server);
  });
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await server?.close();
    await store?.drop();
  });

  it('makes a category listed after the shipped ones, marked custom, with an id no shipped one has', async () => {
    const before = await listed(owner);
    const response = await create(owner, parliamentaryAward());
    expect(response.status).toBe(201);
    const created = (await response.json()) as CustomCategoryDto;
    expect(created).toMatchObject({
      custom: true,
      ownerOrganisationId: owner.me.organisation.id,
      version: 1,
      sharedWithPartners: false,
      mayEdit: true,
      name: 'Excellence in Primary Care',
    });
    expect(created.id).toMatch(/^custom-[a-z2-7]+$/);
    expect(findCategory(created.id)).toBeUndefined();
    const after = await listed(owner);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toEqual(created);
    expect((await api(server, owner, 'GET', `/api/categories/${created.id}`)).status).toBe(200);
  });

  it('answers an invalid import with every problem and its path, storing nothing', async () => {
    const before = await customIds(owner);
    const raw = { ...parliamentaryAward(), name: '', colour: 'blue' } as Record<string, unknown>;
    const sections = raw.sections as Record<string, unknown>[];
    sections[1] = { ...sections[1], wordLimit: 0 };
    sections.push({ id: 'third', title: 'Third', summary: 'x', prompts: [], wordLimit: 1.5, coverage: [] });
    const response = await create(owner, raw);
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('validation_failed');
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'must not be empty' },
        { path: 'colour', message: 'is not a field of a category' },
        { path: 'sections[1].wordLimit', message: 'must be a positive integer' },
        { path: 'sections[2].prompts', message: 'must have at least 1 item' },
        { path: 'sections[2].wordLimit', message: 'must be a whole number' },
      ]),
    );
    expect(error.issues).toHaveLength(5);
    expect(error.message).toMatch(/^5 problems in the category, first /);
    expect(await customIds(owner)).toEqual(before);
    // Not an object at all, and a file naming a shipped id: the id is the server's to give.
    expect((await create(owner, 'not a category')).status).toBe(400);
    const shippedId = await create(owner, { ...parliamentaryAward(), id: 'hsj-partnership-long-term-partnership' });
    expect(shippedId.status).toBe(201);
    expect(((await shippedId.json()) as CustomCategoryDto).id).toMatch(/^custom-/);
  });

  it('exports the shipped file format, which imports again as an equal category', async () => {
    const made = (await (await create(owner, parliamentaryAward())).json()) as CustomCategoryDto;
    const response = await api(server, owner, 'GET', `/api/categories/${made.id}/export.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${made.id}.json"`);
    const file = (await response.json()) as CategoryTemplate;
    expect(Object.keys(file).sort()).toEqual(Object.keys(findCategory('hsj-awards-provider-collaboration')!).sort());
    const again = (await (await create(owner, file)).json()) as CustomCategoryDto;
    expect(again.id).not.toBe(made.id);
    expect({ ...again, id: made.id }).toEqual(made);
  });

  it('shares with partner organisations only, and is 404 to everyone else', async () => {
    const partner = await signUpUser(server, { organisationName: `Partner ${unique()}`, organisationKind: 'supplier' });
    const outsider = await signUpUser(server, { organisationName: `Other ${unique()}`, organisationKind: 'supplier' });
    const sameOrg = await signUpUser(server, { organisationId: owner.me.organisation.id });
    const made = (await (await create(owner, parliamentaryAward(), true)).json()) as CustomCategoryDto;
    const unshared = (await (await create(owner, parliamentaryAward())).json()) as CustomCategoryDto;

    // Before they share an entry, the partner is an outsider too.
    expect(await customIds(partner)).not.toContain(made.id);
    expect((await api(server, partner, 'GET', `/api/categories/${made.id}`)).status).toBe(404);
    const shared = await createEntry(server, owner);
    await addMember(server, owner, shared.id, partner, 'contributor');

    expect(await customIds(partner)).toContain(made.id);
    expect(await customIds(partner)).not.toContain(unshared.id);
    const seen = (await (await api(server, partner, 'GET', `/api/categories/${made.id}`)).json()) as CustomCategoryDto;
    expect(seen.mayEdit).toBe(false);
    expect((await api(server, partner, 'GET', `/api/categories/${made.id}/export.json`)).status).toBe(200);
    const partnerEntry = await createEntry(server, partner, made.id);
    expect(partnerEntry.categoryId).toBe(made.id);
    // A partner uses it but may not change or unshare it.
    expect(
      (await api(server, partner, 'PUT', `/api/categories/${made.id}`, { template: parliamentaryAward() })).status,
    ).toBe(403);
    expect(
      (await api(server, partner, 'PUT', `/api/categories/${made.id}/sharing`, { sharedWithPartners: false })).status,
    ).toBe(403);

    for (const path of [`/api/categories/${made.id}`, `/api/categories/${unshared.id}/export.json`]) {
      expect((await api(server, outsider, 'GET', path)).status, path).toBe(404);
    }
    expect(await customIds(outsider)).toEqual([]);
    for (const [method, path, body] of [
      ['PUT', `/api/categories/${made.id}`, { template: parliamentaryAward() }],
      ['PUT', `/api/categories/${made.id}/sharing`, { sharedWithPartners: false }],
    ] as const) {
      expect((await api(server, outsider, method, path, body)).status, path).toBe(404);
    }
    const refused = await api(server, outsider, 'POST', '/api/entries', { title: 'Mine', categoryId: made.id });
    expect(refused.status).toBe(400);
    // The same answer as for an id that does not exist, so nothing tells one from the other.
    const missing = await api(server, outsider, 'POST', '/api/entries', { title: 'Mine', categoryId: 'custom-nosuch' });
    expect(await errorOf(missing)).toEqual(await errorOf(refused));
    // Its entry's members read the category through the entry whoever made it; others 404.
    expect((await api(server, outsider, 'GET', `/api/entries/${partnerEntry.id}/category`)).status).toBe(404);
    const viaEntry = await api(server, partner, 'GET', `/api/entries/${partnerEntry.id}/category`);
    expect(((await viaEntry.json()) as CategoryTemplate).sections.map((s) => s.id)).toEqual(['what-you-did', 'impact']);

    // A pending member of the owner's organisation sees none of its categories (issue 15).
    expect(await customIds(sameOrg)).toEqual([]);
    expect((await create(sameOrg, parliamentaryAward())).status).toBe(403);

    // Unshared: the partner no longer sees or uses it; the entry made on it keeps its category.
    const unsharing = await api(server, owner, 'PUT', `/api/categories/${made.id}/sharing`, {
      sharedWithPartners: false,
    });
    expect(unsharing.status).toBe(200);
    expect(await customIds(partner)).not.toContain(made.id);
    expect((await api(server, partner, 'POST', '/api/entries', { title: 'Again', categoryId: made.id })).status).toBe(
      400,
    );
    expect((await api(server, partner, 'GET', `/api/entries/${partnerEntry.id}`)).status).toBe(200);
  });

  it('stores a change as a new version: entries keep theirs, new entries take the newest', async () => {
    const made = (await (await create(owner, parliamentaryAward())).json()) as CustomCategoryDto;
    const entry = await createEntry(server, owner, made.id);
    const changedTemplate = parliamentaryAward();
    changedTemplate.sections = [{ ...changedTemplate.sections[1]!, wordLimit: 200 }];
    const response = await api(server, owner, 'PUT', `/api/categories/${made.id}`, { template: changedTemplate });
    expect(response.status).toBe(201);
    const changed = (await response.json()) as CustomCategoryDto;
    expect(changed.version).toBe(2);
    expect(changed.id).not.toBe(made.id);
    expect(await customIds(owner)).toContain(changed.id);
    expect(await customIds(owner)).not.toContain(made.id);
    // The entry made on version 1 keeps both its sections.
    const view = (await (await api(server, owner, 'GET', `/api/entries/${entry.id}`)).json()) as EntryDto;
    expect(view.sections.map((s) => s.id)).toEqual(['what-you-did', 'impact']);
    // A change from a version that is no longer the newest is refused, nothing stored.
    const stale = await api(server, owner, 'PUT', `/api/categories/${made.id}`, { template: parliamentaryAward() });
    expect(stale.status).toBe(409);
    expect((await customIds(owner)).filter((id) => id === changed.id)).toHaveLength(1);
    // Only the newest version makes new entries.
    expect((await api(server, owner, 'POST', '/api/entries', { title: 'Old', categoryId: made.id })).status).toBe(400);
    expect((await createEntry(server, owner, changed.id)).sections.map((s) => s.wordLimit)).toEqual([200]);
    // A colleague in another organisation cannot change it (not theirs to see: 404).
    expect(
      (await api(server, colleague, 'PUT', `/api/categories/${changed.id}`, { template: changedTemplate })).status,
    ).toBe(404);
  });

  it('gives an entry on a custom category its sections on the socket schema (C-SCHEMA-2)', async () => {
    const made = (await (await create(owner, parliamentaryAward())).json()) as CustomCategoryDto;
    const entry = await createEntry(server, owner, made.id);
    expect(entry.sections.map((s) => [s.id, s.wordLimit])).toEqual([
      ['what-you-did', 300],
      ['impact', 300],
    ]);
    const writer = openProvider(server, owner, entry.id);
    providers.push(writer);
    await whenSynced(writer);
    writeParagraph(writer.doc, 'impact', 'Waiting times halved in a year.');
    await expect
      .poll(async () => {
        const view = (await (await api(server, owner, 'GET', `/api/entries/${entry.id}`)).json()) as EntryDto;
        return view.sections.find((s) => s.id === 'impact')?.words;
      })
      .toBe(6);
    // A section of a shipped category is not a section of this entry: refused whole.
    const closed = whenProviderClosed(writer);
    writeParagraph(writer.doc, 'context-and-evolution', 'Not here.');
    expect((await closed).code).toBe(4422);
    await server.collab.rooms.get(entry.id)?.whenIdle();
    const reader = openProvider(server, owner, entry.id);
    providers.push(reader);
    await whenSynced(reader);
    expect(paragraphs(reader.doc, 'impact')).toEqual(['Waiting times halved in a year.']);
    expect(paragraphs(reader.doc, 'context-and-evolution')).toEqual([]);
  });
});
