import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { describeJobQueueContract } from './jobQueue.contract.ts';
import { createSqliteJobQueue } from './jobQueue.sqlite.ts';

describeJobQueueContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-jobs-sqlite-'));
  const handle = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'test.sqlite'), synchronous: 'NORMAL' });
  const logger = createLogger('silent');
  return {
    queue: async () => createSqliteJobQueue({ db: handle.db, logger, pollMs: 50 }),
    async close() {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
