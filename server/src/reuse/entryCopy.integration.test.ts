import { type EntryDto, EVIDENCE_MAP, type FileDto, type ProvenanceDto, TESTIMONIALS_MAP } from '@jointly/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  openProvider,
  paragraphs,
  type TestProvider,
  whenSynced,
  writeItem,
  writeParagraph,
} from '../collab/testing/collabClients.ts';
import { makePng } from '../files/inspection/testing/allowedFiles.ts';
import { uploadOk } from '../files/testing/uploads.ts';
import { eventuallyValue } from '../scale/testing.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * POST /api/entries/:id/copy (issue 17 item 3) against a real server on SQLite and PostgreSQL,
 * with the source written by real y-websocket clients and the copy read back by one.
 */

const SOURCE_CATEGORY = 'hsj-partnership-long-term-partnership';
const TARGET_CATEGORY = 'hsj-awards-provider-collaboration';
const SOURCE_SECTION = 'context-and-evolution';
const TARGET_SECTION = 'rationale-and-approach';
const EMPTY_TARGET = 'results-and-pooled-resources';

describe.each(TEST_DATABASES)('copying an entry on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let lead: TestUser;
  let contributor: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let sourceId: string;
  let sourceTitle: string;
  let file: FileDto;
  let png: Buffer;
  const providers: TestProvider[] = [];

  async function connect(user: TestUser, entryId: string): Promise<TestProvider> {
    const provider = openProvider(server, user, entryId);
    providers.push(provider);
    await whenSynced(provider);
    return provider;
  }
  const provenance = async (user: TestUser, entryId: string) =>
    (await (await api(server, user, 'GET', `/api/entries/${entryId}/provenance`)).json()) as ProvenanceDto;
  const entryCount = async (user: TestUser) =>
    ((await (await api(server, user, 'GET', '/api/entries')).json()) as unknown[]).length;
  const copy = (user: TestUser, body: Record<string, unknown>, id = sourceId) =>
    api(server, user, 'POST', `/api/entries/${id}/copy`, body);
  const validBody = () => ({
    title: 'Provider collaboration 2027',
    categoryId: TARGET_CATEGORY,
    sectionMap: { [TARGET_SECTION]: SOURCE_SECTION, [EMPTY_TARGET]: null },
  });

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
    [lead, contributor, viewer, outsider] = await Promise.all([
      signUpUser(server, { organisationKind: 'nhs_trust' }),
      signUpUser(server, { organisationKind: 'supplier' }),
      signUpUser(server, { organisationKind: 'third_sector' }),
      signUpUser(server),
    ]);
    const source = await createEntry(server, lead, SOURCE_CATEGORY);
    sourceId = source.id;
    sourceTitle = source.title;
    await addMember(server, lead, sourceId, contributor, 'contributor');
    await addMember(server, lead, sourceId, viewer, 'viewer');
    png = await makePng();
    file = await uploadOk(server, contributor, sourceId, { bytes: png, filename: 'Referrals chart.png' });
    // The supplier writes the text and the evidence (dated three years ago: out of any 24-month window);
    // the trust's lead adds a patient's testimonial without consent recorded.
    const writer = await connect(contributor, sourceId);
    writeParagraph(writer.doc, SOURCE_SECTION, 'The partnership began in 2015 with one ward.');
    writeParagraph(writer.doc, SOURCE_SECTION, 'It now covers every ward of the trust.');
    writeItem(writer.doc, EVIDENCE_MAP, 'evidence-one', {
      title: 'Referrals halved',
      kind: 'metric',
      date: `${new Date().getUTCFullYear() - 3}-01-15`,
      sectionIds: [SOURCE_SECTION],
      files: [file.id],
    });
    const leadWriter = await connect(lead, sourceId);
    writeItem(leadWriter.doc, TESTIMONIALS_MAP, 'testimonial-one', {
      quote: 'They listened to us.',
      personName: 'A patient',
      kind: 'patient',
      sectionIds: [SOURCE_SECTION],
    });
    await eventuallyValue(
      () => provenance(lead, sourceId),
      (p) => p.items.length === 2,
      'both items stored',
    );
  }, 60_000);
  afterEach(() => {
    for (const provider of providers.splice(0)) provider.destroy();
  });
  afterAll(async () => {
    await server?.close();
    await store?.drop();
  });

  it('copies mapped sections whole, the items with their files and provenance, and the members in their roles', async () => {
    const response = await copy(lead, validBody());
    expect(response.status).toBe(201);
    const copied = (await response.json()) as EntryDto;
    expect(copied).toMatchObject({ title: 'Provider collaboration 2027', categoryId: TARGET_CATEGORY, role: 'lead' });
    expect(copied.id).not.toBe(sourceId);
    expect(Object.fromEntries(copied.members.map((m) => [m.userId, m.role]))).toEqual({
      [lead.me.user.id]: 'lead',
      [contributor.me.user.id]: 'contributor',
      [viewer.me.user.id]: 'viewer',
    });
    // The section's words are counted from the stored copy before anyone connects.
    expect(copied.sections.find((s) => s.id === TARGET_SECTION)?.words).toBe(16);

    const reader = await connect(contributor, copied.id);
    expect(paragraphs(reader.doc, TARGET_SECTION)).toEqual([
      'The partnership began in 2015 with one ward.',
      'It now covers every ward of the trust.',
    ]);
    expect(paragraphs(reader.doc, EMPTY_TARGET)).toEqual([]);
    const evidence = (reader.doc.getMap(EVIDENCE_MAP).get('evidence-one') as Y.Map<unknown>).toJSON();
    expect(evidence).toMatchObject({ title: 'Referrals halved', sectionIds: [TARGET_SECTION] });
    const [newFileId] = evidence.files as string[];
    expect(newFileId).toBeDefined();
    expect(newFileId).not.toBe(file.id);
    const testimonial = (reader.doc.getMap(TESTIMONIALS_MAP).get('testimonial-one') as Y.Map<unknown>).toJSON();
    expect(testimonial).toMatchObject({ quote: 'They listened to us.', sectionIds: [TARGET_SECTION] });

    // The file: a new row of the new entry over the same bytes, its uploader kept.
    const files = (await (await api(server, viewer, 'GET', `/api/entries/${copied.id}/files`)).json()) as FileDto[];
    expect(files).toEqual([{ ...file, id: newFileId }]);
    const bytes = await (
      await api(server, viewer, 'GET', `/api/entries/${copied.id}/files/${newFileId}`)
    ).arrayBuffer();
    expect(Buffer.from(bytes).equals(png)).toBe(true);

    // Provenance: the copy is the lead's; each item says who first contributed it, in which entry.
    const p = await provenance(viewer, copied.id);
    const byId = new Map(p.items.map((item) => [item.itemId, item]));
    expect(byId.get('evidence-one')).toMatchObject({
      label: 'E1',
      created: { actor: { userId: lead.me.user.id } },
      origin: {
        via: 'copy',
        firstContributedBy: { userId: contributor.me.user.id, organisation: { id: contributor.me.organisation.id } },
        entry: { id: sourceId, title: sourceTitle },
        copiedBy: { userId: lead.me.user.id },
      },
    });
    expect(byId.get('testimonial-one')?.origin?.firstContributedBy?.userId).toBe(lead.me.user.id);

    // Checked again against the new category: what fails is flagged, not dropped.
    const conditions = (await (
      await api(server, lead, 'GET', `/api/entries/${copied.id}/submit-conditions`)
    ).json()) as {
      issues: { path: string }[];
    };
    const paths = conditions.issues.map((issue) => issue.path);
    expect(paths).toContain('evidence.evidence-one.date');
    expect(paths).toContain('testimonials.testimonial-one.consent');

    // A copy of the copy keeps the first origin.
    const again = (await (
      await copy(lead, { ...validBody(), categoryId: TARGET_CATEGORY, sectionMap: {} }, copied.id)
    ).json()) as EntryDto;
    const second = await provenance(lead, again.id);
    expect(second.items.find((i) => i.itemId === 'evidence-one')?.origin).toMatchObject({
      firstContributedBy: { userId: contributor.me.user.id },
      entry: { id: sourceId, title: sourceTitle },
    });
  });

  it('carries only the items chosen', async () => {
    const response = await copy(lead, { ...validBody(), items: ['testimonial-one'] });
    expect(response.status).toBe(201);
    const copied = (await response.json()) as EntryDto;
    const p = await provenance(lead, copied.id);
    expect(p.items.map((i) => [i.itemId, i.label])).toEqual([['testimonial-one', 'E1']]);
    const files = (await (await api(server, lead, 'GET', `/api/entries/${copied.id}/files`)).json()) as FileDto[];
    expect(files).toEqual([]);
  });

  it('refuses a contributor and a viewer (403), an outsider (404) and a bad map (400 naming the key), creating nothing', async () => {
    const before = await Promise.all([lead, contributor, viewer, outsider].map(entryCount));
    expect((await copy(contributor, validBody())).status).toBe(403);
    expect((await copy(viewer, validBody())).status).toBe(403);
    const outside = await copy(outsider, validBody());
    expect(outside.status).toBe(404);
    expect(((await outside.json()) as { error: { code: string } }).error.code).toBe('not_found');

    const badTarget = await copy(lead, { ...validBody(), sectionMap: { 'no-such-section': SOURCE_SECTION } });
    expect(badTarget.status).toBe(400);
    const badTargetBody = (await badTarget.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(badTargetBody.error.code).toBe('validation_failed');
    expect(badTargetBody.error.issues.map((i) => i.path)).toEqual(['sectionMap.no-such-section']);

    const badSource = await copy(lead, { ...validBody(), sectionMap: { [TARGET_SECTION]: 'not-in-the-source' } });
    expect(badSource.status).toBe(400);
    const badSourceBody = (await badSource.json()) as { error: { issues: { path: string }[] } };
    expect(badSourceBody.error.issues.map((i) => i.path)).toEqual([`sectionMap.${TARGET_SECTION}`]);

    const badCategory = await copy(lead, { ...validBody(), categoryId: 'no-such-category' });
    expect(badCategory.status).toBe(400);
    const badItem = await copy(lead, { ...validBody(), items: ['not-an-item-here'] });
    expect(badItem.status).toBe(400);
    expect(((await badItem.json()) as { error: { issues: { path: string }[] } }).error.issues[0]?.path).toBe('items.0');

    expect(await Promise.all([lead, contributor, viewer, outsider].map(entryCount))).toEqual(before);
  });
});
