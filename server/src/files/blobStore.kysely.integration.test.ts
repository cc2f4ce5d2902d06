import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../db/database.ts';
import { describeBlobStoreContract } from './blobStore.contract.ts';
import { createKyselyBlobStore } from './blobStore.kysely.ts';

/** TEST_DATABASE_URL overrides the default local PostgreSQL. */
const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describeBlobStoreContract('PostgreSQL', async () => {
  const schema = `jointly_blobs_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(BASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  return {
    store: createKyselyBlobStore(handle),
    async close() {
      await handle.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
});

describeBlobStoreContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-blobs-sqlite-'));
  const handle = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'test.sqlite'), synchronous: 'NORMAL' });
  return {
    store: createKyselyBlobStore(handle),
    async close() {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
