import fs from 'node:fs';
import path from 'node:path';
import type { FileDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../scale/testing.ts';
import { api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';
import { makeCsv } from './inspection/testing/allowedFiles.ts';
import { eicarCsv } from './inspection/testing/hostileFiles.ts';
import { startFakeClamd } from './testing/fakeClamd.ts';
import { upload, uploadOk } from './testing/uploads.ts';

/** Malware scanning when CLAMAV_URL is set (RELIABILITY H57): infected refused, no scanner no upload. */
describe('evidence uploads scanned for malware', () => {
  let clamd: Awaited<ReturnType<typeof startFakeClamd>>;
  let scanned: TestServer;
  let unscannable: TestServer;
  let plain: TestServer;

  beforeAll(async () => {
    clamd = await startFakeClamd();
    scanned = await startTestServer({ CLAMAV_URL: clamd.url });
    // Nothing listens on this port: clamd is down.
    unscannable = await startTestServer({ CLAMAV_URL: `tcp://127.0.0.1:${await freePort()}` });
    plain = await startTestServer();
  });
  afterAll(async () => {
    await Promise.all([scanned?.close(), unscannable?.close(), plain?.close()]);
    await clamd?.close();
  });

  async function entryOn(server: TestServer): Promise<{ user: TestUser; entryId: string }> {
    const user = await signUpUser(server);
    return { user, entryId: (await createEntry(server, user)).id };
  }
  const listed = async (server: TestServer, user: TestUser, entryId: string) =>
    (await (await api(server, user, 'GET', `/api/entries/${entryId}/files`)).json()) as FileDto[];

  it('a clean file is scanned, then stored', async () => {
    const { user, entryId } = await entryOn(scanned);
    const before = clamd.scans();
    await uploadOk(scanned, user, entryId, { bytes: makeCsv(), filename: 'clean.csv' });
    expect(clamd.scans()).toBe(before + 1);
  });

  it('the EICAR test file is refused with 422 file_rejected naming the malware; nothing is stored', async () => {
    const { user, entryId } = await entryOn(scanned);
    const eicar = eicarCsv();
    const response = await upload(scanned, user, entryId, { bytes: eicar.bytes, filename: eicar.name });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('file_rejected');
    expect(body.error.message).toMatch(/malware/i);
    expect(body.error.message).toContain('EICAR');
    expect(await listed(scanned, user, entryId)).toEqual([]);
    expect(fs.readdirSync(path.join(scanned.dataDir, 'tmp', 'uploads'))).toEqual([]);
  });

  it('clamd unreachable: 503 with Retry-After, nothing stored (never passed unscanned)', async () => {
    const { user, entryId } = await entryOn(unscannable);
    const response = await upload(unscannable, user, entryId, { bytes: makeCsv(), filename: 'unscanned.csv' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).not.toBeNull();
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('service_unavailable');
    expect(await listed(unscannable, user, entryId)).toEqual([]);
    expect(fs.existsSync(path.join(unscannable.dataDir, 'files'))).toBe(false);
    expect(fs.readdirSync(path.join(unscannable.dataDir, 'tmp', 'uploads'))).toEqual([]);
  });

  it('without CLAMAV_URL nothing is scanned: the EICAR string is an ordinary CSV', async () => {
    const { user, entryId } = await entryOn(plain);
    const eicar = eicarCsv();
    const before = clamd.scans();
    const file = await uploadOk(plain, user, entryId, { bytes: eicar.bytes, filename: eicar.name });
    expect(file.type).toBe('text/csv');
    expect(clamd.scans()).toBe(before);
  });
});
