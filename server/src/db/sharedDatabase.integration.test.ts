import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestSchema, TEST_DATABASE_URL } from '../scale/testing.ts';
import { openDatabase } from './database.ts';

/**
 * A PostgreSQL database shared with others (the README's `search_path` per deployment, and every
 * test here): Kysely's migrator reads the columns of every schema to find its own tables, and a
 * schema dropped meanwhile made that read fail, so a process starting beside a drop did not start
 * (seen in CI: "schema … does not exist", even with 5 retries). Migrations must go through whatever
 * others drop: the stock introspector fails this 3 runs in 3, ours (ownSchemaDialect.ts) reads one schema.
 */
describe('migrations in a shared PostgreSQL database', () => {
  it('start while other schemas (with tables) are dropped all the while', async () => {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const others = Array.from({ length: 40 }, (_, i) => `jointly_churn_${Date.now().toString(36)}_${i}`);
    for (const name of others) {
      await admin.query(`create schema ${name}`);
      await admin.query(`create table ${name}.t (a int, b text, c text, d text)`);
    }
    let dropping = true;
    const churn = (async () => {
      for (const name of others) {
        if (!dropping) break;
        await admin.query(`drop schema ${name} cascade`);
      }
    })();
    const ours = await Promise.all(Array.from({ length: 6 }, () => createTestSchema()));
    try {
      const opened = await Promise.allSettled(
        ours.map((schema) => openDatabase({ kind: 'postgres', url: schema.url })),
      );
      const failures = opened.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
      expect(failures).toEqual([]);
      for (const result of opened) if (result.status === 'fulfilled') await result.value.close();
    } finally {
      dropping = false;
      await churn;
      for (const name of others) await admin.query(`drop schema if exists ${name} cascade`);
      await admin.end();
      for (const schema of ours) await schema.drop();
    }
  });
});
