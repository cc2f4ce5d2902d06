import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { HttpError } from '../http/HttpError.ts';
import { loadEntry, lockEntryRow, withEntryLocked } from './entryLock.ts';

/**
 * The entry's lifecycle helpers on their own (I12-2: one owner for "lock
 * the entry row and read its status" and "load the entry and its template",
 * used by entries, sign-off and review), against a real SQLite file.
 */
describe('entry lock', () => {
  let dir: string;
  let database: DatabaseHandle;
  const CATEGORY = 'hsj-partnership-long-term-partnership';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-entry-lock-'));
    database = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'db.sqlite'), synchronous: 'NORMAL' });
    const { db } = database;
    await db
      .insertInto('organisations')
      .values({ id: 'org1', name: 'North Trust', name_key: 'north trust', kind: 'nhs', created_at: 0 })
      .execute();
    await db
      .insertInto('users')
      .values({
        id: 'user1',
        email: 'a@example.test',
        name: 'Ada',
        password_hash: 'x',
        organisation_id: 'org1',
        created_at: 0,
      })
      .execute();
    const entry = { lead_organisation_id: 'org1', created_by: 'user1', created_at: 0 };
    await db
      .insertInto('entries')
      .values([
        { ...entry, id: 'draft1', title: 'A draft', category_id: CATEGORY, status: 'draft' },
        { ...entry, id: 'sent1', title: 'Sent', category_id: CATEGORY, status: 'submitted' },
        { ...entry, id: 'odd1', title: 'Odd', category_id: 'no-such-category', status: 'draft' },
      ])
      .execute();
  });
  afterAll(async () => {
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('I12-2: loadEntry gives the title, status and template; 404 for no entry; an unknown category is a fault', async () => {
    const entry = await loadEntry(database.db, 'draft1');
    expect(entry.title).toBe('A draft');
    expect(entry.status).toBe('draft');
    expect(entry.template.id).toBe(CATEGORY);
    await expect(loadEntry(database.db, 'nothing')).rejects.toMatchObject({ status: 404 });
    await expect(loadEntry(database.db, 'nothing')).rejects.toBeInstanceOf(HttpError);
    await expect(loadEntry(database.db, 'odd1')).rejects.toThrow('unknown category');
  });

  it('I12-2: lockEntryRow reads the status under the lock, null for no entry, and changes nothing', async () => {
    await database.db.transaction().execute(async (trx) => {
      expect(await lockEntryRow(trx, 'draft1')).toBe('draft');
      expect(await lockEntryRow(trx, 'sent1')).toBe('submitted');
      expect(await lockEntryRow(trx, 'nothing')).toBeNull();
    });
    expect((await loadEntry(database.db, 'sent1')).status).toBe('submitted');
  });

  it('I12-2: withEntryLocked hands the status to the change and rolls it back when the change throws', async () => {
    await expect(
      withEntryLocked(database.db, 'draft1', async (trx, status) => {
        expect(status).toBe('draft');
        await trx.updateTable('entries').set({ status: 'submitted' }).where('id', '=', 'draft1').execute();
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await loadEntry(database.db, 'draft1')).status).toBe('draft');
    const seen = await withEntryLocked(database.db, 'sent1', async (_trx, status) => status);
    expect(seen).toBe('submitted');
  });
});
