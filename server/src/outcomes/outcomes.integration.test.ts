import type { ActivityDto, EntryOutcomeDto, EntryOutcomeStateDto, ErrorBody } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestProvider } from '../collab/testing/collabClients.ts';
import { post, type SignoffFixture, validEntry } from '../signoff/testing/signoffFixtures.ts';
import { addMember, api, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * After submitting (issue 17 item 4) through the real server on SQLite and
 * PostgreSQL: only a lead records the outcome (a contributor and a viewer 403,
 * an outsider 404), only once the entry has a submitted version (409), bad
 * values are 400 with nothing stored; every member, viewer included, reads
 * it with who recorded it; recording it is in the activity feed and on the
 * entry's event stream; a reopened entry keeps it and may still record one.
 */

const RECORDED = {
  stage: 'shortlisted',
  portalSubmittedOn: '2026-03-14',
  feedback: 'A strong partnership.\nJudges asked for more on patient outcomes.',
};

describe.each(TEST_DATABASES)('the outcome after submitting on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let f: SignoffFixture;
  let contributor: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  const providers: TestProvider[] = [];

  const read = (who: TestUser) => api(server, who, 'GET', `/api/entries/${f.entryId}/outcome`);
  const put = (who: TestUser, body: unknown) => api(server, who, 'PUT', `/api/entries/${f.entryId}/outcome`, body);
  const codeOf = async (response: Response) => ((await response.json()) as ErrorBody).error.code;
  const storedRows = () =>
    server.services.database.db.selectFrom('entry_outcomes').selectAll().where('entry_id', '=', f.entryId).execute();
  const outcomeActivity = async () =>
    ((await (await api(server, f.lead, 'GET', `/api/entries/${f.entryId}/activity`)).json()) as ActivityDto[]).filter(
      (a) => a.kind === 'outcome_recorded',
    );

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
    f = await validEntry(server, (p) => providers.push(p));
    // Of the lead's organisation, so the entry's organisations (each must endorse) stay the fixture's two.
    const organisationName = f.lead.me.organisation.name;
    contributor = await signUpUser(server, { organisationName, organisationKind: f.lead.me.organisation.kind });
    viewer = await signUpUser(server, { organisationName, organisationKind: f.lead.me.organisation.kind });
    outsider = await signUpUser(server);
    await addMember(server, f.lead, f.entryId, contributor, 'contributor');
    await addMember(server, f.lead, f.entryId, viewer, 'viewer');
  }, 60_000);
  afterAll(async () => {
    for (const p of providers.splice(0)) p.destroy();
    await server?.close();
    await store?.drop();
  });

  it('before any submission: members read none, a lead is refused 409 no_submitted_version, nothing stored', async () => {
    const none = await read(viewer);
    expect(none.status).toBe(200);
    expect(await none.json()).toEqual({ outcome: null, hasSubmittedVersion: false } satisfies EntryOutcomeStateDto);
    const refused = await put(f.lead, RECORDED);
    expect(refused.status).toBe(409);
    expect(await codeOf(refused)).toBe('no_submitted_version');
    // A member who is not a lead hears 403 first, an outsider 404: the order of the other routes.
    expect((await put(contributor, RECORDED)).status).toBe(403);
    expect((await put(outsider, RECORDED)).status).toBe(404);
    expect(await storedRows()).toEqual([]);
  });

  it('after submitting: only a lead records it; refusals and bad values change nothing', async () => {
    expect((await post(server, f.lead, `/api/entries/${f.entryId}/submit`)).status).toBe(201);
    expect(((await (await read(contributor)).json()) as EntryOutcomeStateDto).hasSubmittedVersion).toBe(true);

    expect((await put(contributor, RECORDED)).status).toBe(403);
    expect((await put(viewer, RECORDED)).status).toBe(403);
    const outside = await put(outsider, RECORDED);
    expect(outside.status).toBe(404);
    expect((await read(outsider)).status).toBe(404);
    const bad: unknown[] = [
      { ...RECORDED, stage: 'gold_medal' },
      { ...RECORDED, portalSubmittedOn: '2026-02-30' },
      { ...RECORDED, portalSubmittedOn: '14/03/2026' },
      { ...RECORDED, feedback: 'x'.repeat(10_001) },
      { ...RECORDED, feedback: 'Right-to-left override \u202e here' },
      { ...RECORDED, recordedBy: 'someone-else' },
      { stage: 'winner' },
    ];
    for (const body of bad) {
      const response = await put(f.lead, body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(await codeOf(response)).toBe('validation_failed');
    }
    expect(await storedRows()).toEqual([]);
    expect(await outcomeActivity()).toEqual([]);

    const announced = new Promise<string>((resolve) => {
      const stop = server.services.events.subscribe('entryChanged', (event) => {
        if (event.entryId !== f.entryId || event.kind !== 'outcome') return;
        stop();
        resolve(event.kind);
      });
    });
    const saved = await put(f.lead, RECORDED);
    expect(saved.status).toBe(200);
    const outcome = (await saved.json()) as EntryOutcomeDto;
    expect(outcome).toMatchObject({ ...RECORDED, recordedBy: { userId: f.lead.me.user.id } });
    expect(outcome.recordedBy.organisation.name).toBe(f.lead.me.organisation.name);
    expect(await announced).toBe('outcome');

    // Every member reads it, the viewer too.
    for (const member of [viewer, contributor, f.partner]) {
      const state = (await (await read(member)).json()) as EntryOutcomeStateDto;
      expect(state).toEqual({ outcome, hasSubmittedVersion: true });
    }
    const activity = await outcomeActivity();
    expect(activity).toHaveLength(1);
    expect(activity[0]!.detail).toMatchObject({ stage: 'shortlisted', portalSubmittedOn: '2026-03-14' });
    expect(activity[0]!.actor?.userId).toBe(f.lead.me.user.id);
  });

  it('a partner lead moves it on; the same values again add no activity; a reopened entry keeps it', async () => {
    const finalist = { stage: 'winner', portalSubmittedOn: '2026-03-14', feedback: '  Outstanding co-design.  ' };
    const moved = await put(f.partner, finalist);
    expect(moved.status).toBe(200);
    const outcome = (await moved.json()) as EntryOutcomeDto;
    // Feedback is stored trimmed; the last recording names who made it.
    expect(outcome).toMatchObject({ stage: 'winner', feedback: 'Outstanding co-design.' });
    expect(outcome.recordedBy.userId).toBe(f.partner.me.user.id);
    expect((await put(f.partner, finalist)).status).toBe(200);
    expect(await outcomeActivity()).toHaveLength(2);
    expect(await storedRows()).toHaveLength(1);

    expect((await post(server, f.lead, `/api/entries/${f.entryId}/reopen`)).status).toBe(200);
    const reopened = (await (await read(viewer)).json()) as EntryOutcomeStateDto;
    expect(reopened).toMatchObject({ hasSubmittedVersion: true, outcome: { stage: 'winner' } });
    const cleared = await put(f.lead, { stage: 'not_shortlisted', portalSubmittedOn: null, feedback: '' });
    expect(cleared.status).toBe(200);
    expect(await cleared.json()).toMatchObject({ stage: 'not_shortlisted', portalSubmittedOn: null, feedback: '' });
  });
});
