import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/database.ts';
import { createTestSchema } from '../scale/testing.ts';
import { describeBlobStoreContract } from './blobStore.contract.ts';
import { createKyselyBlobStore } from './blobStore.kysely.ts';

describeBlobStoreContract('PostgreSQL', async () => {
  const schema = await createTestSchema();
  const handle = await openDatabase({ kind: 'postgres', url: schema.url, poolSize: 4 });
  return {
    store: createKyselyBlobStore(handle),
    async close() {
      await handle.close();
      await schema.drop();
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
