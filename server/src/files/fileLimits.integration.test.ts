import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { FileDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { rawRequest } from '../test/rawRequest.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { makeCsv } from './inspection/testing/allowedFiles.ts';
import { BOUNDARY, multipartBody, upload, uploadOk } from './testing/uploads.ts';

const FILE_MAX = 64 * 1024;
const ENTRY_MAX = 150 * 1024;

/** A CSV of about `bytes` bytes: a real file the inspection accepts. */
function csvOf(bytes: number): Buffer {
  let text = 'Month,Referrals\r\n';
  for (let row = 1; text.length < bytes - 20; row++) text += `Month ${row},${row % 97}\r\n`;
  return Buffer.from(text);
}

/** Size limits (RELIABILITY H51) and the per-entry quota (H58), with limits small enough to reach. */
describe('evidence file limits', () => {
  let server: TestServer;
  let lead: TestUser;
  const uploadsDir = () => path.join(server.dataDir, 'tmp', 'uploads');
  const listed = async (entryId: string) =>
    (await (await api(server, lead, 'GET', `/api/entries/${entryId}/files`)).json()) as FileDto[];

  beforeAll(async () => {
    server = await startTestServer({ FILE_MAX_BYTES: String(FILE_MAX), ENTRY_FILES_MAX_BYTES: String(ENTRY_MAX) });
    lead = await signUpUser(server);
  });
  afterAll(() => server?.close());

  it('H51: a Content-Length over the limit is 413 before the body is read; nothing stored, no temporary file', async () => {
    const entryId = (await createEntry(server, lead)).id;
    const response = await rawRequest(server, {
      method: 'POST',
      path: `/api/entries/${entryId}/files`,
      headers: {
        origin: server.origin,
        cookie: lead.cookie,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        // Claimed, never sent: the answer must not wait for it.
        'content-length': String(50 * 1024 * 1024),
      },
    });
    expect(response.status).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await listed(entryId)).toEqual([]);
    expect(fs.readdirSync(uploadsDir())).toEqual([]);
  });

  it('H51: a chunked body with no Content-Length is counted as it streams: 413, nothing stored, no temporary file', async () => {
    const entryId = (await createEntry(server, lead)).id;
    const response = await upload(
      server,
      lead,
      entryId,
      { bytes: csvOf(FILE_MAX * 3), filename: 'big.csv' },
      { chunked: true },
    );
    expect(response.status).toBe(413);
    expect((await response.json()) as unknown).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await listed(entryId)).toEqual([]);
    expect(fs.readdirSync(uploadsDir())).toEqual([]);
  });

  it('H51: a file over the limit inside a body of honest length is 413 too; one just under it is stored', async () => {
    const entryId = (await createEntry(server, lead)).id;
    const over = await upload(server, lead, entryId, { bytes: csvOf(FILE_MAX + 100), filename: 'over.csv' });
    expect(over.status).toBe(413);
    expect(fs.readdirSync(uploadsDir())).toEqual([]);
    const under = csvOf(FILE_MAX - 200);
    expect(under.length).toBeLessThanOrEqual(FILE_MAX);
    const stored = await uploadOk(server, lead, entryId, { bytes: under, filename: 'under.csv' });
    expect(stored.size).toBe(under.length);
  });

  it('H51: refused uploads in a row leave no temporary file, however the refusal meets the file being opened', async () => {
    // The refusal can settle the upload before the temporary file is even opened: 2–5 in 300 were
    // left behind under CPU load before the removal waited for the writer to close.
    const entryId = (await createEntry(server, lead)).id;
    for (let i = 0; i < 100; i++) {
      const over = await upload(server, lead, entryId, {
        bytes: csvOf(FILE_MAX + 100 + (i % 7) * 50),
        filename: 'o.csv',
      });
      expect(over.status).toBe(413);
      expect(fs.readdirSync(uploadsDir()), `upload ${i}`).toEqual([]);
    }
  });

  it('H51: Content-Length and Transfer-Encoding both present: Node’s parser answers 400 and closes, before any handler', async () => {
    const entryId = (await createEntry(server, lead)).id;
    const body = multipartBody([{ bytes: makeCsv(), filename: 'smuggled.csv' }]);
    // On a raw socket: Node's own HTTP client will not send both headers.
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1', () => {
        socket.write(
          `POST /api/entries/${entryId}/files HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
            `Origin: ${server.origin}\r\nCookie: ${lead.cookie}\r\n` +
            `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
            `Content-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n`,
        );
        socket.write(body);
        socket.write('\r\n0\r\n\r\n');
      });
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk;
      });
      socket.on('close', () => resolve(data));
      socket.on('error', () => {});
    });
    expect(reply.startsWith('HTTP/1.1 400 ')).toBe(true);
    expect(reply).toMatch(/connection: close/i);
    expect(await listed(entryId)).toEqual([]);
    expect(fs.readdirSync(uploadsDir())).toEqual([]);
  });

  it('H58: past the entry’s quota an upload is 413 entry_quota_exceeded, saying how much is left; other entries are unaffected', async () => {
    const entryId = (await createEntry(server, lead)).id;
    const file = csvOf(60 * 1024);
    await uploadOk(server, lead, entryId, { bytes: file, filename: 'one.csv' });
    await uploadOk(server, lead, entryId, { bytes: file, filename: 'two.csv' });
    const refused = await upload(server, lead, entryId, { bytes: file, filename: 'three.csv' });
    expect(refused.status).toBe(413);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('entry_quota_exceeded');
    const left = ENTRY_MAX - 2 * file.length;
    expect(body.error.message).toContain(`${Math.floor(left / 1024)} KB left`);
    expect(await listed(entryId)).toHaveLength(2);
    expect(fs.readdirSync(uploadsDir())).toEqual([]);
    // A small file still fits.
    await uploadOk(server, lead, entryId, { bytes: makeCsv(), filename: 'small.csv' });
    const other = (await createEntry(server, lead)).id;
    await uploadOk(server, lead, other, { bytes: file, filename: 'elsewhere.csv' });
  });

  it('H58: uploads racing for the last of the quota: the sum stored never passes it', async () => {
    const entryId = (await createEntry(server, lead)).id;
    const file = csvOf(40 * 1024);
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => upload(server, lead, entryId, { bytes: file, filename: `race${i}.csv` })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(Math.floor(ENTRY_MAX / file.length));
    expect(statuses.filter((s) => s !== 201).every((s) => s === 413)).toBe(true);
    const total = (await listed(entryId)).reduce((sum, f) => sum + f.size, 0);
    expect(total).toBeLessThanOrEqual(ENTRY_MAX);
  });
});
