import type { ErrorBody, FinalistStageDto, RehearsalNoteDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestProvider } from '../collab/testing/collabClients.ts';
import { post, type SignoffFixture, validEntry } from '../signoff/testing/signoffFixtures.ts';
import { addMember, api, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * The finalist stage (issue 17 item 4) through the real server on SQLite and PostgreSQL, with
 * members of both organisations: closed (409) until the outcome is "finalist" and again after;
 * only a lead sets the time limit, pace and presenters (a contributor and a viewer 403, an
 * outsider 404), presenters chosen across the organisations and only from the entry's members
 * (400 naming the one that is not, nothing changed); leads and contributors of either
 * organisation add dated notes, a viewer cannot; every member reads it all.
 */
describe.each(TEST_DATABASES)('the finalist stage on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let f: SignoffFixture;
  let contributor: TestUser;
  let partnerContributor: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  const providers: TestProvider[] = [];
  const STAGE = { timeLimitMinutes: 10, wordsPerMinute: 130 };

  const read = async (who: TestUser) =>
    (await (await api(server, who, 'GET', `/api/entries/${f.entryId}/finalist`)).json()) as FinalistStageDto;
  const put = (who: TestUser, body: unknown) => api(server, who, 'PUT', `/api/entries/${f.entryId}/finalist`, body);
  const note = (who: TestUser, body: unknown) =>
    api(server, who, 'POST', `/api/entries/${f.entryId}/finalist/notes`, body);
  const outcome = (stage: string) =>
    api(server, f.lead, 'PUT', `/api/entries/${f.entryId}/outcome`, { stage, portalSubmittedOn: null, feedback: '' });
  const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
    f = await validEntry(server, (p) => providers.push(p));
    const lead = f.lead.me.organisation;
    const partner = f.partner.me.organisation;
    contributor = await signUpUser(server, { organisationName: lead.name, organisationKind: lead.kind });
    partnerContributor = await signUpUser(server, { organisationName: partner.name, organisationKind: partner.kind });
    viewer = await signUpUser(server, { organisationName: lead.name, organisationKind: lead.kind });
    outsider = await signUpUser(server);
    await addMember(server, f.lead, f.entryId, contributor, 'contributor');
    await addMember(server, f.lead, f.entryId, partnerContributor, 'contributor');
    await addMember(server, f.lead, f.entryId, viewer, 'viewer');
    expect((await post(server, f.lead, `/api/entries/${f.entryId}/submit`)).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    for (const p of providers.splice(0)) p.destroy();
    await server?.close();
    await store?.drop();
  });

  it('is closed until the outcome is "finalist": members read it, changes are 409 and store nothing', async () => {
    expect((await outcome('shortlisted')).status).toBe(200);
    expect(await read(viewer)).toEqual({
      open: false,
      timeLimitMinutes: null,
      wordsPerMinute: 130,
      presenters: [],
      notes: [],
    } satisfies FinalistStageDto);
    const refused = await put(f.lead, { ...STAGE, presenterIds: [] });
    expect(refused.status).toBe(409);
    expect((await errorOf(refused)).code).toBe('finalist_stage_closed');
    expect((await note(contributor, { rehearsedOn: '2026-06-01', note: 'Too early' })).status).toBe(409);
    expect((await api(server, outsider, 'GET', `/api/entries/${f.entryId}/finalist`)).status).toBe(404);
    expect(await read(f.lead)).toMatchObject({ timeLimitMinutes: null, notes: [] });
  });

  it('a lead sets the time limit and presenters from both organisations; others are refused', async () => {
    expect((await outcome('finalist')).status).toBe(200);
    const body = { ...STAGE, presenterIds: [f.partner.me.user.id, contributor.me.user.id] };
    expect((await put(contributor, body)).status).toBe(403);
    expect((await put(viewer, body)).status).toBe(403);
    expect((await put(outsider, body)).status).toBe(404);
    const stranger = await put(f.lead, { ...body, presenterIds: [f.lead.me.user.id, outsider.me.user.id] });
    expect(stranger.status).toBe(400);
    expect((await errorOf(stranger)).issues).toEqual([
      { path: 'presenterIds.1', message: 'Not a member of this entry' },
    ]);
    for (const bad of [
      { ...body, timeLimitMinutes: 0 },
      { ...body, timeLimitMinutes: 7.5 },
      { ...body, wordsPerMinute: 1000 },
      { ...body, presenterIds: [contributor.me.user.id, contributor.me.user.id] },
      { ...body, colour: 'red' },
    ]) {
      expect((await put(f.lead, bad)).status).toBe(400);
    }
    expect(await read(f.lead)).toMatchObject({ open: true, timeLimitMinutes: null, presenters: [] });

    const saved = await put(f.lead, body);
    expect(saved.status).toBe(200);
    // The partner organisation's lead reads the same: names with the organisation each presents for.
    const seen = await read(f.partner);
    expect(seen).toMatchObject({ open: true, timeLimitMinutes: 10, wordsPerMinute: 130 });
    expect(seen.presenters.map((p) => [p.userId, p.organisation.id])).toEqual([
      [f.partner.me.user.id, f.partner.me.organisation.id],
      [contributor.me.user.id, f.lead.me.organisation.id],
    ]);
    // The partner's lead may change it too: a lead of any organisation on the entry.
    expect((await put(f.partner, { ...body, timeLimitMinutes: 12 })).status).toBe(200);
    expect((await read(viewer)).timeLimitMinutes).toBe(12);
  });

  it('leads and contributors of both organisations add dated notes; a viewer cannot; bad notes store nothing', async () => {
    const first = await note(partnerContributor, {
      rehearsedOn: '2026-06-10',
      note: 'Ran 11 minutes: cut the history.',
    });
    expect(first.status).toBe(201);
    expect(((await first.json()) as RehearsalNoteDto).author.organisation.id).toBe(f.partner.me.organisation.id);
    expect((await note(contributor, { rehearsedOn: '2026-06-12', note: 'On time. Slow the data slide.' })).status).toBe(
      201,
    );
    expect((await note(viewer, { rehearsedOn: '2026-06-12', note: 'A viewer' })).status).toBe(403);
    expect((await note(outsider, { rehearsedOn: '2026-06-12', note: 'An outsider' })).status).toBe(404);
    for (const bad of [
      { rehearsedOn: '2026-02-30', note: 'Impossible date' },
      { rehearsedOn: '2026-06-12', note: '   ' },
      { rehearsedOn: '2026-06-12', note: 'x'.repeat(4001) },
      { rehearsedOn: '2026-06-12', note: 'bidi \u202E override' },
      { rehearsedOn: '2026-06-12' },
    ]) {
      expect((await note(contributor, bad)).status).toBe(400);
    }
    const notes = (await read(viewer)).notes;
    expect(notes.map((n) => [n.rehearsedOn, n.note])).toEqual([
      ['2026-06-12', 'On time. Slow the data slide.'],
      ['2026-06-10', 'Ran 11 minutes: cut the history.'],
    ]);
  });

  it('closes again when the outcome moves on, keeping what was recorded for every member to read', async () => {
    expect((await outcome('winner')).status).toBe(200);
    expect((await put(f.lead, { ...STAGE, presenterIds: [] })).status).toBe(409);
    expect((await note(contributor, { rehearsedOn: '2026-06-20', note: 'After' })).status).toBe(409);
    const kept = await read(partnerContributor);
    expect(kept).toMatchObject({ open: false, timeLimitMinutes: 12 });
    expect(kept.presenters).toHaveLength(2);
    expect(kept.notes).toHaveLength(2);
  });
});
