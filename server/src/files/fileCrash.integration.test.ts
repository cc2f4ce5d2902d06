import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { FileDto } from '@jointly/shared';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTestSchema } from '../scale/testing.ts';
import { type ChildServer, kill9, startChildServer } from '../test/childServer.ts';
import { api, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { BOUNDARY, multipartBody, uploadOk } from './testing/uploads.ts';

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A CSV of about `bytes` bytes (inspection reads it whole, so it stands for any large file). */
function bigCsv(bytes: number, seed: string): Buffer {
  const row = `${seed},${'x'.repeat(80)}\r\n`;
  return Buffer.from(`Seed,Filler\r\n${row.repeat(Math.ceil(bytes / row.length))}`);
}

/**
 * Starts an upload on a raw connection and returns once `sentBytes` of the body are written
 * (all of it when omitted); the request is left open, as a killed server would leave it.
 */
function startUpload(server: ChildServer, user: TestUser, entryId: string, body: Buffer, sentBytes = body.length) {
  const target = new URL(server.origin);
  const request = http.request({
    host: target.hostname,
    port: target.port,
    method: 'POST',
    path: `/api/entries/${entryId}/files`,
    agent: false,
    headers: {
      origin: server.origin,
      cookie: user.cookie,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      'content-length': String(body.length),
    },
  });
  request.on('error', () => {});
  request.on('response', (response) => response.resume());
  return new Promise<void>((resolve) => {
    request.write(body.subarray(0, sentBytes), () => resolve());
    if (sentBytes === body.length) request.end();
  });
}

/**
 * kill -9 of the server during an upload (RELIABILITY J-style, issue 13): after a restart nothing is
 * half-stored (every listed file reads back whole; no partial blob or temporary file is left) and
 * the retried upload succeeds.
 */
describe.each(['embedded', 'PostgreSQL'] as const)('evidence uploads through kill -9 (%s)', (mode) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-upload-crash-'));
  const children: ChildServer[] = [];
  let env: Record<string, string> = {};
  let database: pg.Client | null = null;
  let dropSchema = async () => {};
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => kill9(child)));
  });
  afterAll(async () => {
    await database?.end();
    await dropSchema();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function start() {
    if (mode === 'PostgreSQL' && !database) {
      const schema = await createTestSchema();
      dropSchema = schema.drop;
      env = { DATABASE_URL: schema.url };
      database = new pg.Client({ connectionString: schema.url });
      await database.connect();
    }
    const child = await startChildServer(dataDir, env);
    children.push(child);
    return child;
  }

  /** In PostgreSQL, every visible blob has all its chunks, and no chunk belongs to no visible blob. */
  async function expectWholeBlobsInDatabase() {
    if (!database) return;
    const { rows } = await database.query<{
      sha256: string;
      size: string;
      chunks: number;
      stored: string;
      count: string;
    }>(
      `select b.sha256, b.size, b.chunks, coalesce(sum(length(c.data)), 0) as stored, count(c.seq) as count
         from file_blobs b left join file_blob_chunks c on c.sha256 = b.sha256 group by b.sha256, b.size, b.chunks`,
    );
    for (const row of rows) {
      expect(Number(row.stored)).toBe(Number(row.size));
      expect(Number(row.count)).toBe(row.chunks);
    }
    const orphans = await database.query(
      'select count(*) as n from file_blob_chunks c where not exists (select 1 from file_blobs b where b.sha256 = c.sha256)',
    );
    expect(Number(orphans.rows[0].n)).toBe(0);
  }

  /** What a restarted server must show: files whole, nothing partial, no temporary file. */
  async function expectConsistent(server: ChildServer, user: TestUser, entryId: string, known: Map<string, Buffer>) {
    const files = (await (await api(server, user, 'GET', `/api/entries/${entryId}/files`)).json()) as FileDto[];
    for (const file of files) {
      const bytes = Buffer.from(
        await (await api(server, user, 'GET', `/api/entries/${entryId}/files/${file.id}`)).arrayBuffer(),
      );
      expect(bytes.length).toBe(file.size);
      expect(sha256Of(bytes)).toBe(file.sha256);
      expect(known.has(file.sha256)).toBe(true);
    }
    expect(fs.readdirSync(path.join(dataDir, 'tmp', 'uploads'))).toEqual([]);
    await expectWholeBlobsInDatabase();
    const blobsDir = path.join(dataDir, 'files');
    const onDisk = fs.existsSync(blobsDir) ? fs.readdirSync(blobsDir, { recursive: true }).map(String) : [];
    for (const name of onDisk.filter((n) => n.includes('/'))) {
      const sha = path.basename(name);
      expect(sha).toMatch(/^[0-9a-f]{64}$/);
      expect(sha256Of(fs.readFileSync(path.join(blobsDir, name)))).toBe(sha);
    }
    return files;
  }

  it('killed while the body arrives, and killed while it is checked and stored: restart, nothing half-stored, the retry works', async () => {
    let server = await start();
    const lead = await signUpUser(server);
    const entryId = (await createEntry(server, lead)).id;
    const known = new Map<string, Buffer>();

    // 1. Killed with half the body received: a temporary file exists, nothing else.
    const first = bigCsv(8 * 1024 * 1024, 'first');
    known.set(sha256Of(first), first);
    const firstBody = multipartBody([{ bytes: first, filename: 'first.csv' }]);
    await startUpload(server, lead, entryId, firstBody, firstBody.length / 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fs.readdirSync(path.join(dataDir, 'tmp', 'uploads')).length).toBe(1);
    await kill9(server);
    server = await start();
    expect(await expectConsistent(server, lead, entryId, known)).toEqual([]);

    // 2. Killed at moments after the whole body was sent (inspection, blob copy, row): all or nothing.
    for (const delayMs of [0, 250]) {
      const bytes = bigCsv(4 * 1024 * 1024, `late${delayMs}`);
      known.set(sha256Of(bytes), bytes);
      await startUpload(server, lead, entryId, multipartBody([{ bytes, filename: `late${delayMs}.csv` }]));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await kill9(server);
      server = await start();
      await expectConsistent(server, lead, entryId, known);
    }

    // 3. The retry of the first upload succeeds and reads back whole.
    const retried = await uploadOk(server, lead, entryId, { bytes: first, filename: 'first.csv' });
    const read = await api(server, lead, 'GET', `/api/entries/${entryId}/files/${retried.id}`);
    expect(Buffer.from(await read.arrayBuffer()).equals(first)).toBe(true);
    const files = await expectConsistent(server, lead, entryId, known);
    expect(files.map((f) => f.id)).toContain(retried.id);
  }, 120_000);
});
