import type { ErasureDto, SubmissionDetailDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { TestProvider } from '../collab/testing/collabClients.ts';
import { PATIENT_ID, post, type SignoffFixture, settled, validEntry } from '../signoff/testing/signoffFixtures.ts';
import { api } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue 18 item 2 on both stores, for a testimonial no longer in the live document: submitted
 * (version 1 holds it), reopened, then removed by an editor, so only the version and the stored
 * log still hold the person. The erasure finds it in the version (re-attested, verifying) and
 * rewrites the store, whose log held the removed values; a testimonial in neither is 404.
 */

const NAME = 'Ximena Thistlewood';

describe.each(TEST_DATABASES)('erasing a testimonial removed after submission on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let f: SignoffFixture;
  const providers: TestProvider[] = [];

  async function storedRowsWithTheName(): Promise<string[]> {
    const db = server.services.database.db;
    const needle = Buffer.from('Thistlewood');
    const found: string[] = [];
    for (const r of await db.selectFrom('doc_updates').select('data').where('entry_id', '=', f.entryId).execute())
      if (Buffer.from(r.data).includes(needle)) found.push('doc_updates');
    for (const r of await db.selectFrom('doc_snapshots').select('state').where('entry_id', '=', f.entryId).execute())
      if (Buffer.from(r.state).includes(needle)) found.push('doc_snapshots');
    for (const r of await db.selectFrom('submissions').select('state').where('entry_id', '=', f.entryId).execute())
      if (Buffer.from(r.state).includes(needle)) found.push('submissions');
    return found;
  }

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env);
    f = await validEntry(server, (p) => providers.push(p));
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server?.close();
    await store?.drop();
  });

  it('finds it in the version, re-attests it, and clears the log of the removed values', async () => {
    const patient = f.writer.doc.getMap<Y.Map<unknown>>('testimonials').get(PATIENT_ID)!;
    patient.set('personName', NAME);
    await settled(f);
    for (const lead of [f.lead, f.partner]) {
      expect((await post(server, lead, `/api/entries/${f.entryId}/endorse`)).status).toBe(201);
    }
    expect((await post(server, f.lead, `/api/entries/${f.entryId}/submit`)).status).toBe(201);
    expect((await post(server, f.lead, `/api/entries/${f.entryId}/reopen`)).status).toBe(200);
    // The editors reconnect (4101) and one removes the testimonial.
    await new Promise((resolve) => setTimeout(resolve, 500));
    f.writer.doc.getMap('testimonials').delete(PATIENT_ID);
    await settled(f);
    // The version and the store's log (the removed values) both still hold the person.
    expect(await storedRowsWithTheName()).toEqual(expect.arrayContaining(['submissions', 'doc_updates']));

    const response = await api(server, f.lead, 'POST', `/api/entries/${f.entryId}/erasures`, {
      itemId: PATIENT_ID,
      reason: 'Asked by the patient.',
    });
    expect(response.status).toBe(201);
    const erasure = (await response.json()) as ErasureDto;
    expect(erasure.fields).toContain('personName');
    expect(erasure.versions.map((v) => v.version)).toEqual([1]);
    expect(await storedRowsWithTheName()).toEqual([]);
    const version = (await (
      await api(server, f.lead, 'GET', `/api/entries/${f.entryId}/submissions/1`)
    ).json()) as SubmissionDetailDto;
    expect(version.verified).toBe(true);
    expect(version.testimonials.find((t) => t.id === PATIENT_ID)?.personName).toBe('[redacted]');

    const unknown = await api(server, f.lead, 'POST', `/api/entries/${f.entryId}/erasures`, {
      itemId: 'testimonial-never-1',
      reason: 'Asked.',
    });
    expect(unknown.status).toBe(404);
  });
});
