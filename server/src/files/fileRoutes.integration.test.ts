import { createHash } from 'node:crypto';
import {
  type ActivityDto,
  DEFAULT_ENTRY_FILES_MAX_BYTES,
  DEFAULT_FILE_MAX_BYTES,
  type FileDto,
  isFileId,
  type ProvenanceDto,
} from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { makeCsv, makePdf, makePng } from './inspection/testing/allowedFiles.ts';
import { htmlNamedPdf, truncatedPng } from './inspection/testing/hostileFiles.ts';
import { upload, uploadOk } from './testing/uploads.ts';

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

/** Uploading, listing and reading evidence files over HTTP, by role and entry state (issue 13). */
describe('evidence files', () => {
  let server: TestServer;
  let lead: TestUser;
  let contributor: TestUser;
  let viewer: TestUser;
  let stranger: TestUser;
  let entryId: string;
  let pdf: Buffer;

  beforeAll(async () => {
    server = await startTestServer();
    lead = await signUpUser(server);
    contributor = await signUpUser(server);
    viewer = await signUpUser(server);
    stranger = await signUpUser(server);
    entryId = (await createEntry(server, lead)).id;
    await addMember(server, lead, entryId, contributor, 'contributor');
    await addMember(server, lead, entryId, viewer, 'viewer');
    pdf = await makePdf({ pages: 2, text: 'Audit results' });
  });
  afterAll(() => server?.close());

  it('a lead uploads a PDF: 201 with what the bytes are, its size, hash, pages and uploader', async () => {
    const response = await upload(server, lead, entryId, { bytes: pdf, filename: 'Audit results.pdf' });
    expect(response.status).toBe(201);
    const file = (await response.json()) as FileDto;
    expect(isFileId(file.id)).toBe(true);
    expect(file).toMatchObject({
      name: 'Audit results.pdf',
      type: 'application/pdf',
      size: pdf.length,
      sha256: sha256Of(pdf),
      pages: 2,
      uploadedBy: { userId: lead.me.user.id, name: lead.me.user.name, organisation: { id: lead.me.organisation.id } },
    });
    expect(Date.parse(file.uploadedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a contributor may upload; a viewer gets 403; a non-member the 404 of a missing entry; signed out 401', async () => {
    const csv = { bytes: makeCsv(), filename: 'referrals.csv' };
    expect((await upload(server, contributor, entryId, csv)).status).toBe(201);
    const asViewer = await upload(server, viewer, entryId, csv);
    expect(asViewer.status).toBe(403);
    const asStranger = await upload(server, stranger, entryId, csv);
    const missing = await upload(server, stranger, 'nosuchentry0000', csv);
    expect([asStranger.status, missing.status]).toEqual([404, 404]);
    expect(await asStranger.json()).toEqual(await missing.json());
    expect((await upload(server, null, entryId, csv)).status).toBe(401);
  });

  it('a cross-origin upload is refused like every other state-changing request', async () => {
    const response = await fetch(`${server.origin}/api/entries/${entryId}/files`, {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        cookie: lead.cookie,
        'content-type': 'multipart/form-data; boundary=x',
      },
      body: '--x--\r\n',
    });
    expect(response.status).toBe(403);
  });

  it('the type comes from the bytes: a PNG named .pdf is 422, unnamed it is a PNG; HTML named .pdf is 415; a broken PNG is 422', async () => {
    const png = await makePng();
    const asPdf = await upload(server, lead, entryId, { bytes: png, filename: 'scan.pdf', type: 'application/pdf' });
    expect(asPdf.status).toBe(422);
    const named = (await asPdf.json()) as { error: { code: string; message: string } };
    expect(named.error).toEqual({
      code: 'file_rejected',
      message:
        '"scan.pdf" is named as a PDF but it is a PNG image. Rename it to end in .png, or attach the file you meant.',
    });
    const unnamed = await uploadOk(server, lead, entryId, { bytes: png, filename: 'scan', type: 'application/pdf' });
    expect(unnamed).toMatchObject({ type: 'image/png', name: 'scan.png' });
    expect(unnamed.pages).toBeUndefined();

    const html = htmlNamedPdf();
    const refused = await upload(server, lead, entryId, {
      bytes: html.bytes,
      filename: html.name,
      type: html.claimedType,
    });
    expect(refused.status).toBe(415);
    expect(await codeOf(refused)).toBe('unsupported_media_type');

    const broken = await truncatedPng();
    const rejected = await upload(server, lead, entryId, { bytes: broken.bytes, filename: broken.name });
    expect(rejected.status).toBe(422);
    const body = (await rejected.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('file_rejected');
    expect(body.error.message.length).toBeGreaterThan(10);
  });

  it('a body that is not one file in a field named "file" is 400, nothing stored', async () => {
    const before = (await (await api(server, lead, 'GET', `/api/entries/${entryId}/files`)).json()) as FileDto[];
    const wrongField = await upload(server, lead, entryId, { bytes: pdf, filename: 'a.pdf', field: 'attachment' });
    expect(wrongField.status).toBe(400);
    const notMultipart = await api(server, lead, 'POST', `/api/entries/${entryId}/files`, { file: 'x' });
    expect(notMultipart.status).toBe(400);
    const after = (await (await api(server, lead, 'GET', `/api/entries/${entryId}/files`)).json()) as FileDto[];
    expect(after).toHaveLength(before.length);
  });

  it('members list the files oldest first; a non-member gets 404', async () => {
    const entry = (await createEntry(server, lead)).id;
    await addMember(server, lead, entry, viewer, 'viewer');
    const first = await uploadOk(server, lead, entry, { bytes: pdf, filename: 'one.pdf' });
    const second = await uploadOk(server, lead, entry, { bytes: makeCsv(), filename: 'two.csv' });
    const listed = await api(server, viewer, 'GET', `/api/entries/${entry}/files`);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual([first, second]);
    expect((await api(server, stranger, 'GET', `/api/entries/${entry}/files`)).status).toBe(404);
    // What they take of the quota, and the limits, for the page to say before sending.
    const usage = await api(server, viewer, 'GET', `/api/entries/${entry}/files/usage`);
    expect(await usage.json()).toEqual({
      usedBytes: first.size + second.size,
      entryFilesMaxBytes: DEFAULT_ENTRY_FILES_MAX_BYTES,
      fileMaxBytes: DEFAULT_FILE_MAX_BYTES,
    });
    expect((await api(server, stranger, 'GET', `/api/entries/${entry}/files/usage`)).status).toBe(404);
  });

  it('an upload is on the activity feed and in the contributor register, also for someone who never edited', async () => {
    const file = await uploadOk(server, contributor, entryId, { bytes: makeCsv(), filename: 'feed.csv' });
    const feed = (await (await api(server, lead, 'GET', `/api/entries/${entryId}/activity`)).json()) as ActivityDto[];
    const line = feed.find((a) => a.kind === 'file_uploaded' && a.detail.fileId === file.id);
    expect(line).toMatchObject({
      actor: { userId: contributor.me.user.id },
      detail: { name: 'feed.csv', type: 'text/csv', size: file.size },
    });
    const provenance = (await (
      await api(server, viewer, 'GET', `/api/entries/${entryId}/provenance`)
    ).json()) as ProvenanceDto;
    const row = provenance.register.find((r) => r.actor.userId === contributor.me.user.id);
    expect(row).toMatchObject({ edits: 0, sections: [], items: [] });
    expect(row!.files).toContainEqual({ id: file.id, name: 'feed.csv' });
    expect(row!.lastAt).toBe(file.uploadedAt);
  });

  it('a member downloads the exact bytes; non-members and unknown ids get the same 404', async () => {
    const file = await uploadOk(server, lead, entryId, { bytes: pdf, filename: 'download.pdf' });
    const response = await api(server, viewer, 'GET', `/api/entries/${entryId}/files/${file.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);

    const asStranger = await api(server, stranger, 'GET', `/api/entries/${entryId}/files/${file.id}`);
    const unknown = await api(server, viewer, 'GET', `/api/entries/${entryId}/files/aaaaaaaaaaaaaaaa`);
    const malformed = await api(server, viewer, 'GET', `/api/entries/${entryId}/files/..%2F..%2Fetc`);
    const elsewhere = await api(
      server,
      lead,
      'GET',
      `/api/entries/${(await createEntry(server, lead)).id}/files/${file.id}`,
    );
    for (const refused of [asStranger, unknown, malformed, elsewhere]) expect(refused.status).toBe(404);
    expect((await api(server, null, 'GET', `/api/entries/${entryId}/files/${file.id}`)).status).toBe(401);
  });

  it('thumbnails: a PNG of a PDF’s first page and of an image; 404 for a kind without one', async () => {
    const ofPdf = await uploadOk(server, lead, entryId, { bytes: pdf, filename: 'thumb.pdf' });
    const ofCsv = await uploadOk(server, lead, entryId, { bytes: makeCsv(), filename: 'thumb.csv' });
    for (let i = 0; i < 2; i++) {
      // The second read is the kept one.
      const response = await api(server, viewer, 'GET', `/api/entries/${entryId}/files/${ofPdf.id}/thumbnail.png`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await response.arrayBuffer());
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    }
    const none = await api(server, viewer, 'GET', `/api/entries/${entryId}/files/${ofCsv.id}/thumbnail.png`);
    expect(none.status).toBe(404);
    const stranger404 = await api(server, stranger, 'GET', `/api/entries/${entryId}/files/${ofPdf.id}/thumbnail.png`);
    expect(stranger404.status).toBe(404);
  });

  it('a submitted entry refuses uploads with 409 entry_submitted; its files can still be read', async () => {
    const entry = (await createEntry(server, lead)).id;
    const file = await uploadOk(server, lead, entry, { bytes: pdf, filename: 'kept.pdf' });
    // Submitting through sign-off needs a complete entry; the status is what the upload checks.
    await server.services.database.db
      .updateTable('entries')
      .set({ status: 'submitted' })
      .where('id', '=', entry)
      .execute();
    const refused = await upload(server, lead, entry, { bytes: pdf, filename: 'late.pdf' });
    expect(refused.status).toBe(409);
    expect(await codeOf(refused)).toBe('entry_submitted');
    expect((await api(server, lead, 'GET', `/api/entries/${entry}/files/${file.id}`)).status).toBe(200);
  });
});
