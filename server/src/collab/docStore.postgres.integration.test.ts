import { openDatabase } from '../db/database.ts';
import { createTestSchema } from '../scale/testing.ts';
import { describeDocStoreContract } from './docStore.contract.ts';
import { createKyselyDocStore } from './docStore.kysely.ts';

/**
 * The DocStore contract on a real PostgreSQL, in a schema of its own that is
 * dropped afterwards. TEST_DATABASE_URL overrides the default local server.
 */

describeDocStoreContract('PostgreSQL', async () => {
  const schema = await createTestSchema();
  const handle = await openDatabase({ kind: 'postgres', url: schema.url, poolSize: 4 });
  return {
    store: createKyselyDocStore(handle),
    async close() {
      await handle.close();
      await schema.drop();
    },
  };
});
