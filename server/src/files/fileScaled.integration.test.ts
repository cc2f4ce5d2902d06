import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileDto } from '@jointly/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestSchema, TEST_REDIS_URL, uniqueRedisPrefix } from '../scale/testing.ts';
import { type ChildServer, kill9, startChildServer } from '../test/childServer.ts';
import { addMember, api, createEntry, signUpUser } from '../test/factories.ts';
import { makePdf, makePng } from './inspection/testing/allowedFiles.ts';
import { uploadOk } from './testing/uploads.ts';

/**
 * Scaled mode (PostgreSQL + Redis): two server processes, each with a data directory of its own,
 * serve each other's uploads, since the bytes are in PostgreSQL (blobStore.kysely.ts).
 */
describe('evidence files in scaled mode', () => {
  const dirs: string[] = [];
  const children: ChildServer[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.all(children.map((child) => kill9(child)));
    for (const cleanup of cleanups.reverse()) await cleanup();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a file uploaded through one process is listed, downloaded and thumbnailed through the other', async () => {
    const schema = await createTestSchema();
    cleanups.push(() => schema.drop());
    const env = { DATABASE_URL: schema.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix() };
    const start = async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-files-scaled-'));
      dirs.push(dir);
      const child = await startChildServer(dir, env);
      children.push(child);
      return child;
    };
    const [a, b] = await Promise.all([start(), start()]);
    const lead = await signUpUser(a);
    const entryId = (await createEntry(a, lead)).id;
    const contributor = await signUpUser(b);
    await addMember(b, lead, entryId, contributor, 'contributor');

    const pdf = await makePdf({ pages: 3, text: 'Scaled' });
    const png = await makePng(1600, 1200);
    const onA = await uploadOk(a, lead, entryId, { bytes: pdf, filename: 'from-a.pdf' });
    const onB = await uploadOk(b, contributor, entryId, { bytes: png, filename: 'from-b.png' });

    for (const [server, user] of [
      [a, contributor],
      [b, lead],
    ] as const) {
      const listed = (await (await api(server, user, 'GET', `/api/entries/${entryId}/files`)).json()) as FileDto[];
      expect(listed).toEqual([onA, onB]);
    }
    const pdfOnB = await api(b, contributor, 'GET', `/api/entries/${entryId}/files/${onA.id}`);
    expect(Buffer.from(await pdfOnB.arrayBuffer()).equals(pdf)).toBe(true);
    const pngOnA = await api(a, lead, 'GET', `/api/entries/${entryId}/files/${onB.id}`);
    expect(Buffer.from(await pngOnA.arrayBuffer()).equals(png)).toBe(true);

    // Rendered by one process, kept in the database, served by the other.
    const thumbOnB = await api(b, lead, 'GET', `/api/entries/${entryId}/files/${onA.id}/thumbnail.png`);
    expect(thumbOnB.status).toBe(200);
    const thumbOnA = await api(a, lead, 'GET', `/api/entries/${entryId}/files/${onA.id}/thumbnail.png`);
    expect(Buffer.from(await thumbOnA.arrayBuffer()).equals(Buffer.from(await thumbOnB.arrayBuffer()))).toBe(true);

    // Neither data directory holds a blob: nothing depends on which process took the upload.
    for (const dir of dirs) expect(fs.existsSync(path.join(dir, 'files'))).toBe(false);
  }, 60_000);
});
