import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/database.ts';
import { describeDocStoreContract } from './docStore.contract.ts';
import { createKyselyDocStore } from './docStore.kysely.ts';

// The store as the server builds it: the group commit's rows through prepared statements (sqliteGroupWrite).
describeDocStoreContract('SQLite file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-docstore-'));
  const handle = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'test.sqlite'), synchronous: 'FULL' });
  return {
    store: createKyselyDocStore(handle),
    async close() {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

// The same contract with the rows written through Kysely (a handle without the raw connection:
// writeStepByStep), the path PostgreSQL's step-by-step commit shares.
describeDocStoreContract('SQLite file, rows through Kysely', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-docstore-'));
  const handle = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'test.sqlite'), synchronous: 'FULL' });
  return {
    store: createKyselyDocStore({ db: handle.db, dialect: handle.dialect }),
    async close() {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
