import fs from 'node:fs';
import path from 'node:path';
import {
  addItem,
  type ConsentRecordDto,
  type ErasureDto,
  type ErasureListDto,
  type ErrorBody,
  emptyTestimonial,
  type NotificationListDto,
  type SubmissionDetailDto,
  TESTIMONIALS_MAP,
} from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openProvider, type TestProvider, waitForDoc, whenSynced } from '../collab/testing/collabClients.ts';
import { readDocx, readPdf } from '../exports/testing/readBack.ts';
import { uploadOk } from '../files/testing/uploads.ts';
import {
  endorseAll,
  PATIENT_ID,
  post,
  type SignoffFixture,
  settled,
  validEntry,
} from '../signoff/testing/signoffFixtures.ts';
import { addMember, api, signUpUser, type TestUser } from '../test/factories.ts';
import { TEST_DATABASES, type TestDatabase } from '../test/testDatabases.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue 18 item 2 (RELIABILITY M80) over HTTP and real y-websocket clients on
 * both stores: a testimonial's subject erased after submission is gone from
 * the live document, every raw row of the DocStore, the submitted version
 * (which still verifies, re-attested), the exports, the consent record and
 * the files; the erasure is recorded; a restart and a client holding the old
 * content bring nothing back; every refusal changes nothing.
 */

const NAME = 'Xanthippe Quellwater';
const ROLE = 'Day patient, Ward Quellwater';
const QUOTE = 'The Quellwater team listened to me.';
const HOW = 'Signed by Xanthippe at home';
const SECRET = Buffer.from('Quellwater');

describe.each(TEST_DATABASES)('erasure on %s', (_name, makeStore) => {
  let store: TestDatabase;
  let server: TestServer;
  let f: SignoffFixture;
  let contributor: TestUser;
  let partnerContributor: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let record: ConsentRecordDto;
  let formSha: string;
  let evidenceSha: string;
  let hashBefore: string;
  let oldState: Uint8Array;
  const providers: TestProvider[] = [];
  const track = (p: TestProvider) => providers.push(p);

  const db = () => server.services.database.db;
  const erase = (user: TestUser, body: unknown) =>
    api(server, user, 'POST', `/api/entries/${f.entryId}/erasures`, body);
  const codeOf = async (response: Response) => ((await response.json()) as ErrorBody).error.code;

  /** Every stored row that could hold the person's data, with the ones that do. */
  async function rowsHoldingTheName(): Promise<string[]> {
    const found: string[] = [];
    const has = (bytes: Buffer | Uint8Array | string | null) =>
      bytes !== null && Buffer.from(bytes as Uint8Array).includes(SECRET);
    for (const r of await db()
      .selectFrom('doc_updates')
      .select(['id', 'data'])
      .where('entry_id', '=', f.entryId)
      .execute())
      if (has(r.data)) found.push(`doc_updates ${r.id}`);
    for (const r of await db().selectFrom('doc_snapshots').select('state').where('entry_id', '=', f.entryId).execute())
      if (has(r.state)) found.push('doc_snapshots');
    for (const r of await db()
      .selectFrom('submissions')
      .select(['version', 'state'])
      .where('entry_id', '=', f.entryId)
      .execute())
      if (has(r.state)) found.push(`submissions ${r.version}`);
    for (const r of await db().selectFrom('consent_records').selectAll().where('entry_id', '=', f.entryId).execute())
      if (has(JSON.stringify(r))) found.push(`consent_records ${r.id}`);
    for (const r of await db()
      .selectFrom('activity')
      .select(['id', 'detail'])
      .where('entry_id', '=', f.entryId)
      .execute())
      if (has(r.detail)) found.push(`activity ${r.id}`);
    for (const r of await db().selectFrom('section_versions').selectAll().where('entry_id', '=', f.entryId).execute())
      if (has(JSON.stringify(r))) found.push('section_versions');
    return found;
  }

  async function blobExists(sha: string): Promise<boolean> {
    if (store.env.DATABASE_URL) {
      return (
        (await db().selectFrom('file_blobs').select('sha256').where('sha256', '=', sha).executeTakeFirst()) !==
        undefined
      );
    }
    const walk = (dir: string): string[] =>
      fs.existsSync(dir)
        ? fs
            .readdirSync(dir, { withFileTypes: true })
            .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [d.name]))
        : [];
    return walk(path.join(server.dataDir, 'files')).some((name) => name.includes(sha));
  }

  async function submission(user: TestUser): Promise<SubmissionDetailDto> {
    const response = await api(server, user, 'GET', `/api/entries/${f.entryId}/submissions/1`);
    expect(response.status).toBe(200);
    return (await response.json()) as SubmissionDetailDto;
  }

  async function exportText(user: TestUser, version: string): Promise<string> {
    const pdf = await api(server, user, 'GET', `/api/entries/${f.entryId}/export.pdf${version}`);
    expect(pdf.status).toBe(200);
    const docx = await api(server, user, 'GET', `/api/entries/${f.entryId}/export.docx${version}`);
    expect(docx.status).toBe(200);
    const evidence = await api(server, user, 'GET', `/api/entries/${f.entryId}/export/evidence.pdf${version}`);
    expect(evidence.status).toBe(200);
    const docxText = (await readDocx(new Uint8Array(await docx.arrayBuffer()))).paragraphs
      .map((p) => p.text)
      .join('\n');
    return [
      (await readPdf(new Uint8Array(await pdf.arrayBuffer()))).flat,
      docxText,
      (await readPdf(new Uint8Array(await evidence.arrayBuffer()))).flat,
    ].join('\n');
  }

  beforeAll(async () => {
    store = await makeStore();
    server = await startTestServer(store.env, { keepDataDir: true });
    f = await validEntry(server, track);
    [contributor, partnerContributor, viewer, outsider] = await Promise.all([
      signUpUser(server, { organisationId: f.lead.me.organisation.id }),
      signUpUser(server, { organisationId: f.partner.me.organisation.id }),
      signUpUser(server, { organisationId: f.lead.me.organisation.id }),
      signUpUser(server, { organisationKind: 'other' }),
    ]);
    await addMember(server, f.lead, f.entryId, contributor, 'contributor');
    await addMember(server, f.lead, f.entryId, partnerContributor, 'contributor');
    await addMember(server, f.lead, f.entryId, viewer, 'viewer');

    // The person's consent record, with its signed form as evidence, and a form on the testimonial too.
    const evidence = await uploadOk(server, f.lead, f.entryId, {
      bytes: Buffer.from(`signed by ${NAME}\n1,2\n`),
      filename: 'consent.csv',
    });
    const form = await uploadOk(server, f.lead, f.entryId, {
      bytes: Buffer.from(`form of ${NAME}\n3,4\n`),
      filename: 'form.csv',
    });
    evidenceSha = evidence.sha256;
    formSha = form.sha256;
    const created = await api(server, f.lead, 'POST', `/api/entries/${f.entryId}/consents`, {
      personName: NAME,
      givenBy: 'representative',
      representativeName: 'Quellwater Senior',
      representativeRelationship: 'Parent',
      uses: ['judging'],
      method: 'signed_form',
      givenOn: '2026-03-01',
      evidenceFileIds: [evidence.id],
    });
    expect(created.status).toBe(201);
    record = (await created.json()) as ConsentRecordDto;
    const patient = f.writer.doc.getMap<Y.Map<unknown>>(TESTIMONIALS_MAP).get(PATIENT_ID)!;
    f.writer.doc.transact(() => {
      patient.set('personName', NAME);
      patient.set('personRole', ROLE);
      patient.set('quote', QUOTE);
      patient.set('consentRecordId', record.id);
      patient.set('consent', {
        obtained: true,
        date: '2026-03-01',
        howRecorded: HOW,
        uses: ['judging'],
        forms: [form.id],
      });
    });
    // A second testimonial of the same entry stays as it is.
    addItem(
      f.writer.doc.getMap(TESTIMONIALS_MAP),
      {
        ...emptyTestimonial(),
        quote: 'Kept words.',
        kind: 'nhs_staff',
        personName: 'Kept Person',
        consent: { obtained: true, date: '2026-03-01', howRecorded: 'Email', uses: ['judging'] },
      },
      'testimonial-kept-1',
    );
    await settled(f);
    await endorseAll(f);
    const submitted = await post(server, f.lead, `/api/entries/${f.entryId}/submit`);
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const version = await submission(f.lead);
    expect(version.verified).toBe(true);
    hashBefore = version.contentHash;
    oldState = Y.encodeStateAsUpdate(f.writer.doc);
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await server?.close();
    await store?.drop();
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('refuses everyone but a lead, and bad input, changing nothing', async () => {
    // The stored rows hold the name before (so the scan below can fail).
    expect((await rowsHoldingTheName()).length).toBeGreaterThan(0);
    const body = { itemId: PATIENT_ID, reason: 'The patient asked us to erase their story.' };
    expect((await erase(contributor, body)).status).toBe(403);
    expect((await erase(partnerContributor, body)).status).toBe(403);
    expect((await erase(viewer, body)).status).toBe(403);
    expect((await erase(outsider, body)).status).toBe(404);
    expect((await api(server, outsider, 'GET', `/api/entries/${f.entryId}/erasures`)).status).toBe(404);
    for (const bad of [
      { itemId: PATIENT_ID },
      { itemId: PATIENT_ID, reason: '   ' },
      { itemId: 'no', reason: 'x' },
      { itemId: PATIENT_ID, reason: 'x', extra: 1 },
      { itemId: PATIENT_ID, reason: 'bidi \u202e here' },
    ]) {
      const response = await erase(f.lead, bad);
      expect(response.status).toBe(400);
      expect(await codeOf(response)).toBe('validation_failed');
    }
    const unknown = await erase(f.lead, { itemId: 'testimonial-none-1', reason: 'Asked.' });
    expect(unknown.status).toBe(404);
    expect(
      ((await (await api(server, viewer, 'GET', `/api/entries/${f.entryId}/erasures`)).json()) as ErasureListDto)
        .erasures,
    ).toEqual([]);
    expect((await submission(f.lead)).contentHash).toBe(hashBefore);
    expect((await submission(f.lead)).testimonials.find((t) => t.id === PATIENT_ID)?.personName).toBe(NAME);
  });

  it('erases after submission: the version re-attested and verifying, the name gone from every stored row, the files and exports', async () => {
    const response = await erase(f.lead, { itemId: PATIENT_ID, reason: 'The patient asked us to erase their story.' });
    expect(response.status).toBe(201);
    const erasure = (await response.json()) as ErasureDto;
    expect(erasure).toMatchObject({
      itemId: PATIENT_ID,
      kind: 'request',
      reason: 'The patient asked us to erase their story.',
      erasedBy: { userId: f.lead.me.user.id },
      consentRecordId: record.id,
      filesRemoved: 2,
    });
    expect(erasure.fields).toEqual(
      expect.arrayContaining([
        'personName',
        'personRole',
        'quote',
        'consent.howRecorded',
        'consent.forms',
        'consentRecord.personName',
      ]),
    );
    expect(erasure.versions).toHaveLength(1);
    expect(erasure.versions[0]).toMatchObject({ version: 1, previousHash: hashBefore });
    expect(erasure.versions[0]!.newHash).not.toBe(hashBefore);

    // The version still verifies, over the redacted content, with the placeholder where the person was.
    const version = await submission(viewer);
    expect(version.verified).toBe(true);
    expect(version.contentHash).toBe(erasure.versions[0]!.newHash);
    const patient = version.testimonials.find((t) => t.id === PATIENT_ID)!;
    expect(patient).toMatchObject({ personName: '[redacted]', personRole: '[redacted]', quote: '[redacted]' });
    expect(version.testimonials.find((t) => t.id === 'testimonial-kept-1')?.personName).toBe('Kept Person');

    expect(await rowsHoldingTheName()).toEqual([]);
    // The change is the lead's in the item's provenance.
    const provenance = (await (await api(server, viewer, 'GET', `/api/entries/${f.entryId}/provenance`)).json()) as {
      items: { itemId: string; changes: { actor: { userId: string }; at: string }[] }[];
    };
    const changes = provenance.items.find((i) => i.itemId === PATIENT_ID)?.changes ?? [];
    expect(changes.some((c) => c.actor.userId === f.lead.me.user.id && c.at >= erasure.erasedAt)).toBe(true);
    // The consent record keeps that consent was held, not who gave it.
    const consent = (await (
      await api(server, f.lead, 'GET', `/api/entries/${f.entryId}/consents/${record.id}`)
    ).json()) as ConsentRecordDto;
    expect(consent).toMatchObject({
      personName: '[redacted]',
      representativeName: '[redacted]',
      evidenceFileIds: [],
      uses: ['judging'],
    });
    // The files and their bytes are gone.
    expect(await blobExists(formSha)).toBe(false);
    expect(await blobExists(evidenceSha)).toBe(false);
    const files = (await (await api(server, f.lead, 'GET', `/api/entries/${f.entryId}/files`)).json()) as {
      sha256: string;
    }[];
    expect(files.map((x) => x.sha256)).not.toContain(formSha);
    expect(files.map((x) => x.sha256)).not.toContain(evidenceSha);
    // Exports of the version and of the live document.
    for (const version of ['?version=1', '']) {
      const text = await exportText(viewer, version);
      expect(text).not.toContain('Quellwater');
      expect(text).toContain('[redacted]');
    }
    // Recorded for every member, in the feed, in the lead's audit log, and the other lead told.
    const list = (await (
      await api(server, viewer, 'GET', `/api/entries/${f.entryId}/erasures`)
    ).json()) as ErasureListDto;
    expect(list.erasures.map((e) => e.id)).toEqual([erasure.id]);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', '=', 'entry.personal_data_erased')
      .execute();
    expect(audit).toEqual([{ action: 'entry.personal_data_erased', actor_id: f.lead.me.user.id }]);
    const bell = (await (await api(server, f.partner, 'GET', '/api/notifications')).json()) as NotificationListDto;
    expect(bell.notifications.some((n) => n.kind === 'personal_data_erased')).toBe(true);
    // Asked again: 409, nothing changes.
    const again = await erase(f.lead, { itemId: PATIENT_ID, reason: 'Again.' });
    expect(again.status).toBe(409);
    expect(await codeOf(again)).toBe('already_erased');
  });

  it('connected clients resync to the redacted document, and one holding the old content brings nothing back', async () => {
    // The observer was connected: its socket closed 4101, it reconnected and took the redaction.
    await waitForDoc(
      f.observer.doc,
      (doc) =>
        (doc.getMap<Y.Map<unknown>>(TESTIMONIALS_MAP).get(PATIENT_ID)?.get('personName') as string) === '[redacted]',
      'the observer resynced',
    );
    // A client whose copy still holds the person (an offline tab) connects and syncs both ways.
    const stale = new Y.Doc();
    Y.applyUpdate(stale, oldState);
    const tab = openProvider(server, f.partner, f.entryId, { doc: stale });
    track(tab);
    await whenSynced(tab);
    await waitForDoc(
      stale,
      (doc) =>
        (doc.getMap<Y.Map<unknown>>(TESTIMONIALS_MAP).get(PATIENT_ID)?.get('personName') as string) === '[redacted]',
      'the stale tab took the redaction',
    );
    tab.destroy();
    await server.collab.rooms.unload(f.entryId);
    expect(await rowsHoldingTheName()).toEqual([]);
    const live = await server.collab.readDocument(
      f.entryId,
      (doc) =>
        (doc.getMap<Y.Map<unknown>>(TESTIMONIALS_MAP).get(PATIENT_ID)?.toJSON() as Record<string, unknown>) ?? null,
    );
    expect(live).toMatchObject({ personName: '[redacted]', quote: '[redacted]', consentRecordId: record.id });
  });

  it('a restart over the same store brings nothing back', async () => {
    for (const p of providers) p.destroy();
    const dataDir = server.dataDir;
    await server.close();
    server = await startTestServer({ ...store.env, DATA_DIR: dataDir });
    const version = await submission(f.lead);
    expect(version.verified).toBe(true);
    expect(version.testimonials.find((t) => t.id === PATIENT_ID)?.personName).toBe('[redacted]');
    const reader = openProvider(server, f.lead, f.entryId);
    track(reader);
    await whenSynced(reader);
    expect(reader.doc.getMap<Y.Map<unknown>>(TESTIMONIALS_MAP).get(PATIENT_ID)?.get('personName')).toBe('[redacted]');
    expect(JSON.stringify(reader.doc.toJSON())).not.toContain('Quellwater');
    expect(await rowsHoldingTheName()).toEqual([]);
  });
});
