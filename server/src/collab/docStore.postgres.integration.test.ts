import pg from 'pg';
import { openDatabase } from '../db/database.ts';
import { describeDocStoreContract } from './docStore.contract.ts';
import { createKyselyDocStore } from './docStore.kysely.ts';

/**
 * The DocStore contract on a real PostgreSQL, in a schema of its own that is
 * dropped afterwards. TEST_DATABASE_URL overrides the default local server.
 */
const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describeDocStoreContract('PostgreSQL', async () => {
  const schema = `jointly_docstore_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(BASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  return {
    store: createKyselyDocStore(handle),
    async close() {
      await handle.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
});
