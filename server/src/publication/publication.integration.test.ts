import { type ActivityDto, type EntryDto, NOT_FOR_PUBLICATION_TEXT } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../exports/testing/readBack.ts';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * "Not for publication" (issue 17 item 5) through the real server on SQLite
 * and PostgreSQL: only a lead sets it (contributor and viewer 403, outsider
 * 404, a bad body 400, nothing changed); every member reads it on the entry;
 * the change is in the activity feed and on the event stream; the exports
 * downloaded afterwards say NOT FOR PUBLICATION in their footers, and stop
 * saying it once it is cleared.
 */
describe.each(TEST_DATABASES)('not for publication on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let lead: TestUser;
  let contributor: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let entryId: string;

  const set = (who: TestUser, body: unknown) => api(server, who, 'PUT', `/api/entries/${entryId}/publication`, body);
  const entry = async (who: TestUser) =>
    (await (await api(server, who, 'GET', `/api/entries/${entryId}`)).json()) as EntryDto;
  const criteriaPdf = async (who: TestUser) => {
    const response = await api(server, who, 'GET', `/api/entries/${entryId}/export.pdf`);
    expect(response.status).toBe(200);
    return readPdf(new Uint8Array(await response.arrayBuffer()));
  };

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
    lead = await signUpUser(server);
    contributor = await signUpUser(server, { organisationKind: 'supplier' });
    viewer = await signUpUser(server, { organisationKind: 'other' });
    outsider = await signUpUser(server);
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, contributor, 'contributor');
    await addMember(server, lead, entryId, viewer, 'viewer');
  });
  afterAll(async () => {
    await server?.close();
    await store?.drop();
  });

  it('only a lead sets it; refusals and bad bodies change nothing', async () => {
    expect((await entry(viewer)).notForPublication).toBe(false);
    expect((await set(contributor, { notForPublication: true })).status).toBe(403);
    expect((await set(viewer, { notForPublication: true })).status).toBe(403);
    expect((await set(outsider, { notForPublication: true })).status).toBe(404);
    for (const body of [{ notForPublication: 'yes' }, {}, { notForPublication: true, title: 'x' }]) {
      expect((await set(lead, body)).status).toBe(400);
    }
    expect((await entry(lead)).notForPublication).toBe(false);
    expect((await criteriaPdf(viewer)).flat).not.toContain(NOT_FOR_PUBLICATION_TEXT);
  });

  it('set by a lead: every member reads it, it is announced and in the activity, and the exports say it', async () => {
    const announced = new Promise<string>((resolve) => {
      const stop = server.services.events.subscribe('entryChanged', (event) => {
        if (event.entryId !== entryId) return;
        stop();
        resolve(event.kind);
      });
    });
    const response = await set(lead, { notForPublication: true });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ notForPublication: true });
    expect(await announced).toBe('settings');
    for (const member of [lead, contributor, viewer]) expect((await entry(member)).notForPublication).toBe(true);
    const activity = (await (
      await api(server, viewer, 'GET', `/api/entries/${entryId}/activity`)
    ).json()) as ActivityDto[];
    expect(activity.filter((a) => a.kind === 'publication_changed').map((a) => a.detail)).toEqual([
      { notForPublication: true },
    ]);

    const pdf = await criteriaPdf(viewer);
    for (const page of pdf.pageTexts) expect(page).toContain(`${NOT_FOR_PUBLICATION_TEXT} — `);
    const register = await api(server, contributor, 'GET', `/api/entries/${entryId}/export/register.pdf`);
    expect((await readPdf(new Uint8Array(await register.arrayBuffer()))).flat).toContain(NOT_FOR_PUBLICATION_TEXT);

    expect((await set(lead, { notForPublication: false })).status).toBe(200);
    expect((await entry(viewer)).notForPublication).toBe(false);
    expect((await criteriaPdf(viewer)).flat).not.toContain(NOT_FOR_PUBLICATION_TEXT);
  });
});
