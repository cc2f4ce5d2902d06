import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { listActivity, recordActivity } from './activityLog.ts';

/**
 * The activity feed on its own (I12-2: one module every service records
 * through), against a real SQLite file: a line exists exactly when the
 * change's transaction commits, and reads come newest first with names that
 * survive a deleted account.
 */
describe('activity log', () => {
  let dir: string;
  let database: DatabaseHandle;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-activity-'));
    database = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'db.sqlite'), synchronous: 'NORMAL' });
    await database.db
      .insertInto('organisations')
      .values({ id: 'org1', name: 'North Trust', name_key: 'north trust', kind: 'nhs', created_at: 0 })
      .execute();
    await database.db
      .insertInto('users')
      .values({
        id: 'user1',
        email: 'ada@example.test',
        name: 'Ada',
        password_hash: 'x',
        organisation_id: 'org1',
        created_at: 0,
      })
      .execute();
  });
  afterAll(async () => {
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('I12-2: a line recorded in a transaction that rolls back is not in the feed', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await recordActivity(trx, { entryId: 'entryA', at: 1, actor: null, kind: 'entry_created' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await listActivity(database.db, 'entryA', 10)).toEqual([]);
  });

  it('I12-2: lines come newest first, limited, with names resolved and fallbacks for the deleted', async () => {
    const actor = { userId: 'user1', organisationId: 'org1' };
    await recordActivity(database.db, { entryId: 'entryB', at: 1000, actor, kind: 'entry_created' });
    await recordActivity(database.db, {
      entryId: 'entryB',
      at: 2000,
      actor: { userId: 'gone', organisationId: 'gone-org' },
      kind: 'section_approved',
      detail: { sectionId: 's1' },
    });
    await recordActivity(database.db, { entryId: 'entryB', at: 3000, actor: null, kind: 'entry_reopened' });
    await recordActivity(database.db, { entryId: 'other', at: 4000, actor, kind: 'entry_created' });

    const lines = await listActivity(database.db, 'entryB', 2);
    expect(lines.map((l) => l.kind)).toEqual(['entry_reopened', 'section_approved']);
    expect(lines[0]).toMatchObject({ at: new Date(3000).toISOString(), actor: null, detail: {} });
    expect(lines[1]?.actor).toEqual({
      userId: 'gone',
      name: 'Former user',
      organisation: { id: 'gone-org', name: 'Unknown organisation' },
    });
    expect(lines[1]?.detail).toEqual({ sectionId: 's1' });
    const all = await listActivity(database.db, 'entryB', 10);
    expect(all.at(-1)?.actor).toEqual({
      userId: 'user1',
      name: 'Ada',
      organisation: { id: 'org1', name: 'North Trust' },
    });
  });
});
