import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { generateId } from '../ids.ts';
import { createTestSchema } from '../scale/testing.ts';
import {
  AUDIT_DETAIL_MAX_CHARS,
  AUDIT_FAILED_SIGN_INS_PER_HOUR,
  listAudit,
  recordAccountAudit,
  recordAudit,
  recordFailedSignIn,
} from './auditLog.ts';

/**
 * The audit log's contract (issue 15) on both databases: append-only (the database itself refuses
 * updates and deletes), newest first, pages by cursor that together hold every record once, and
 * written in the action's transaction (an action that fails leaves no record).
 */
const stores: [string, () => Promise<{ handle: DatabaseHandle; close(): Promise<void> }>][] = [
  [
    'SQLite',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-audit-'));
      const handle = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'test.sqlite'), synchronous: 'NORMAL' });
      return {
        handle,
        async close() {
          await handle.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const schema = await createTestSchema();
      const handle = await openDatabase({ kind: 'postgres', url: schema.url, poolSize: 4 });
      return {
        handle,
        async close() {
          await handle.close();
          await schema.drop();
        },
      };
    },
  ],
];

async function organisation(db: Kysely<Database>, name = `Trust ${generateId()}`): Promise<string> {
  const id = generateId();
  await db
    .insertInto('organisations')
    .values({ id, name, name_key: name.toLowerCase(), kind: 'nhs_trust', created_at: Date.now() })
    .execute();
  return id;
}

async function person(db: Kysely<Database>, organisationId: string, name: string): Promise<string> {
  const id = generateId();
  await db
    .insertInto('users')
    .values({
      id,
      email: `${id}@example.nhs.uk`,
      name,
      password_hash: '!',
      organisation_id: organisationId,
      created_at: Date.now(),
      email_verified_at: null,
      deleted_at: null,
    })
    .execute();
  return id;
}

describe.each(stores)('audit log on %s', (_name, open) => {
  let handle: DatabaseHandle;
  let close: () => Promise<void>;
  let db: Kysely<Database>;
  beforeAll(async () => {
    const opened = await open();
    handle = opened.handle;
    close = opened.close;
    db = handle.db;
  });
  afterAll(async () => {
    await close?.();
  });

  it('reads an organisation’s records newest first, in pages whose cursors cover each record once', async () => {
    const orgA = await organisation(db);
    const orgB = await organisation(db);
    const ada = await person(db, orgA, 'Ada Admin');
    for (let i = 0; i < 23; i++) {
      await recordAudit(db, {
        organisationId: i % 4 === 3 ? orgB : orgA,
        actorId: ada,
        action: 'organisation.details_changed',
        detail: { n: i },
      });
    }
    const seen: number[] = [];
    let before: number | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listAudit(db, { organisationId: orgA, before, limit: 5 });
      seen.push(...page.entries.map((e) => Number(e.detail.n)));
      expect(page.entries.length).toBeLessThanOrEqual(5);
      if (page.nextBefore === null) break;
      before = Number(page.nextBefore);
    }
    const expected = Array.from({ length: 23 }, (_, i) => i)
      .filter((i) => i % 4 !== 3)
      .reverse();
    expect(seen).toEqual(expected);
    // Exactly a page's worth left: the last full page says there is nothing older.
    const all = await listAudit(db, { organisationId: orgA, before: null, limit: expected.length });
    expect(all.entries).toHaveLength(expected.length);
    expect(all.nextBefore).toBeNull();
    expect(all.entries[0]).toMatchObject({
      action: 'organisation.details_changed',
      actor: { id: ada, name: 'Ada Admin' },
      subject: null,
      ip: null,
    });
    expect(Date.parse(all.entries[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect((await listAudit(db, { organisationId: orgB, before: null, limit: 50 })).entries).toHaveLength(5);
  });

  it('refuses to update, delete (or truncate) a record in the database itself', async () => {
    const org = await organisation(db);
    await recordAudit(db, { organisationId: org, actorId: null, action: 'organisation.created' });
    await expect(
      db
        .updateTable('audit_log')
        .set({ action: 'organisation.details_changed' })
        .where('organisation_id', '=', org)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('organisation_id', '=', org).execute()).rejects.toThrow(
      /append-only/,
    );
    if (handle.dialect === 'postgres') {
      const { sql } = await import('kysely');
      await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    }
    const rows = await listAudit(db, { organisationId: org, before: null, limit: 10 });
    expect(rows.entries.map((e) => e.action)).toEqual(['organisation.created']);
  });

  it('is written in the action’s transaction: an action that fails leaves no record', async () => {
    const org = await organisation(db);
    const ada = await person(db, org, 'Ada');
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ name: 'Ada Lovelace' }).where('id', '=', ada).execute();
        await recordAccountAudit(trx, { userId: ada, actorId: ada, action: 'account.name_changed' });
        throw new Error('the action failed after recording');
      }),
    ).rejects.toThrow('the action failed');
    expect((await listAudit(db, { organisationId: org, before: null, limit: 10 })).entries).toEqual([]);
    const unchanged = await db.selectFrom('users').select('name').where('id', '=', ada).executeTakeFirstOrThrow();
    expect(unchanged.name).toBe('Ada');

    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ name: 'Ada Lovelace' }).where('id', '=', ada).execute();
      await recordAccountAudit(trx, {
        userId: ada,
        actorId: ada,
        action: 'account.name_changed',
        detail: { from: 'Ada', to: 'Ada Lovelace' },
        ip: '192.0.2.7',
      });
    });
    const [entry] = (await listAudit(db, { organisationId: org, before: null, limit: 10 })).entries;
    expect(entry).toMatchObject({
      action: 'account.name_changed',
      actor: { id: ada, name: 'Ada Lovelace' },
      subject: { id: ada, name: 'Ada Lovelace' },
      detail: { from: 'Ada', to: 'Ada Lovelace' },
      ip: '192.0.2.7',
    });
  });

  it('names people as they are now: a deleted account by its "Former member" name, an unknown id as Former user', async () => {
    const org = await organisation(db, `Riverside ${generateId()}`);
    const gone = await person(db, org, 'Gone Soon');
    await recordAccountAudit(db, { userId: gone, actorId: gone, action: 'account.password_changed' });
    await db
      .updateTable('users')
      .set({ name: 'Former member of Riverside', deleted_at: Date.now() })
      .where('id', '=', gone)
      .execute();
    await recordAudit(db, { organisationId: org, actorId: 'nosuchuser', action: 'organisation.details_changed' });
    const entries = (await listAudit(db, { organisationId: org, before: null, limit: 10 })).entries;
    expect(entries.map((e) => [e.actor?.name, e.subject?.name ?? null])).toEqual([
      ['Former user', null],
      ['Former member of Riverside', 'Former member of Riverside'],
    ]);
    // An account that does not exist has no organisation to record against: nothing is written.
    await recordAccountAudit(db, { userId: 'nosuchuser', actorId: null, action: 'account.signed_in' });
    expect((await listAudit(db, { organisationId: org, before: null, limit: 10 })).entries).toHaveLength(2);
  });

  it('bounds the detail: flat values only, strings cut, a dozen keys at most', async () => {
    const org = await organisation(db);
    const detail: Record<string, string | number | boolean | null> = { long: 'x'.repeat(5000), yes: true, none: null };
    for (let i = 0; i < 30; i++) detail[`k${i}`] = i;
    await recordAudit(db, {
      organisationId: org,
      actorId: null,
      action: 'organisation.details_changed',
      detail: { ...detail, nested: { a: 1 } as unknown as string },
    });
    const [entry] = (await listAudit(db, { organisationId: org, before: null, limit: 1 })).entries;
    expect(Object.keys(entry!.detail)).toHaveLength(12);
    expect(entry!.detail.long).toHaveLength(AUDIT_DETAIL_MAX_CHARS);
    expect(entry!.detail).toMatchObject({ yes: true, none: null });
    expect(entry!.detail).not.toHaveProperty('nested');
  });

  it('records failed sign-ins of an account up to a bound an hour', async () => {
    const org = await organisation(db);
    const target = await person(db, org, 'Target');
    for (let i = 0; i < AUDIT_FAILED_SIGN_INS_PER_HOUR + 5; i++) {
      await recordFailedSignIn(db, { userId: target, stage: 'password', ip: '198.51.100.1' });
    }
    const entries = (await listAudit(db, { organisationId: org, before: null, limit: 100 })).entries;
    expect(entries).toHaveLength(AUDIT_FAILED_SIGN_INS_PER_HOUR);
    expect(entries[0]).toMatchObject({
      action: 'account.sign_in_failed',
      actor: null,
      subject: { id: target },
      detail: { stage: 'password' },
      ip: '198.51.100.1',
    });
    // An hour on, failures are recorded again.
    await recordFailedSignIn(db, { userId: target, stage: 'second_factor', ip: null, at: Date.now() + 61 * 60 * 1000 });
    expect((await listAudit(db, { organisationId: org, before: null, limit: 100 })).entries).toHaveLength(
      AUDIT_FAILED_SIGN_INS_PER_HOUR + 1,
    );
  });
});
