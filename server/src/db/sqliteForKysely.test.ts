import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { sqliteForKysely } from './sqliteForKysely.ts';

describe('sqliteForKysely', () => {
  it('begins transactions IMMEDIATE: the write lock is held from the start', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'jointly-sqlite-')), 'db.sqlite');
    const db = new SqliteDatabase(file);
    db.pragma('journal_mode = WAL');
    db.exec('create table t (n integer)');
    const other = new SqliteDatabase(file);
    other.pragma('busy_timeout = 0');
    const wrapped = sqliteForKysely(db);
    wrapped.prepare('begin').run([]);
    // Nothing written yet, but another connection can no longer write.
    expect(() => other.exec('insert into t values (1)')).toThrow(/locked|busy/i);
    wrapped.prepare('commit').run([]);
    other.exec('insert into t values (1)');
    other.close();
    wrapped.close();
  });

  it('reuses the prepared statement for the same SQL, and prepares afresh while one is being iterated', () => {
    const db = new SqliteDatabase(':memory:');
    db.exec('create table t (n integer); insert into t values (1), (2), (3)');
    const cached = sqliteForKysely(db);
    const select = 'select n from t order by n';
    const first = cached.prepare(select);
    expect(cached.prepare(select)).toBe(first);
    expect(first.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    // A streamed read holds its statement: the same SQL meanwhile gets another statement, which works.
    const rows = first.iterate([]);
    rows.next();
    const during = cached.prepare(select);
    expect(during).not.toBe(first);
    expect(during.all([])).toHaveLength(3);
    rows.return?.();
    expect(cached.prepare(select)).toBe(first);
    cached.close();
    expect(db.open).toBe(false);
  });

  it('keeps at most `capacity` statements, dropping the least recently used', () => {
    const db = new SqliteDatabase(':memory:');
    const cached = sqliteForKysely(db, 2);
    const a = cached.prepare('select 1');
    const b = cached.prepare('select 2');
    expect(cached.prepare('select 1')).toBe(a); // now the most recent
    cached.prepare('select 3'); // evicts "select 2"
    expect(cached.prepare('select 1')).toBe(a);
    expect(cached.prepare('select 2')).not.toBe(b);
    cached.close();
  });

  it('I10-15, J67: a transaction SQLite rolled back itself (disk full) rejects with its cause, not "cannot rollback"', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'jointly-sqlite-')), 'db.sqlite');
    const raw = new SqliteDatabase(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('create table t (x blob)');
    const db = new Kysely<{ t: { x: Buffer } }>({ dialect: new SqliteDialect({ database: sqliteForKysely(raw) }) });
    // A full disk as SQLite reports it: the file may not grow. A row of overflow pages is where
    // SQLite ends the transaction itself, and Kysely's rollback used to fail and hide the cause.
    raw.pragma(`max_page_count = ${Number(raw.pragma('page_count', { simple: true })) + 2}`);
    const failed = db.transaction().execute((trx) =>
      trx
        .insertInto('t')
        .values({ x: Buffer.alloc(100_000) })
        .execute(),
    );
    await expect(failed).rejects.toMatchObject({ code: 'SQLITE_FULL', message: 'database or disk is full' });
    expect(raw.inTransaction).toBe(false);
    // The connection is usable afterwards.
    await sql`insert into t values (${Buffer.alloc(10)})`.execute(db);
    await db.destroy();
  });
});
