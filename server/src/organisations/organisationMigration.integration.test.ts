import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '../db/migrationProvider.ts';
import { OwnSchemaPostgresDialect } from '../db/ownSchemaDialect.ts';
import type { Database } from '../db/schema.ts';
import { createTestSchema } from '../scale/testing.ts';
import { isOrganisationAdmin } from './organisationAdmins.ts';

/**
 * Migration 0014 on data written before it: existing people stay confirmed, each organisation's
 * earliest live account becomes its admin, and organisations that shared a name under different
 * kinds survive (the later ones renamed with their kind) so the name can be unique on its own.
 */
type Opened = { db: Kysely<Database>; dialect: 'sqlite' | 'postgres'; close(): Promise<void> };

async function openSqlite(): Promise<Opened> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-migration-'));
  const sqlite = new SqliteDatabase(path.join(dir, 'jointly.sqlite'));
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    dialect: 'sqlite',
    async close() {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(): Promise<Opened> {
  const schema = await createTestSchema();
  const pool = new pg.Pool({ connectionString: schema.url, max: 2 });
  const db = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    async close() {
      await db.destroy();
      await schema.drop();
    },
  };
}

const migrateTo = async (opened: Opened, name: string) => {
  const migrator = new Migrator({
    db: opened.db,
    provider: migrationProvider(opened.dialect),
    ...(opened.dialect === 'postgres'
      ? { migrationTableSchema: (await sql<{ s: string }>`select current_schema() as s`.execute(opened.db)).rows[0]?.s }
      : {}),
  });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error;
};

const opened: Opened[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

describe.each([
  ['SQLite', openSqlite],
  ['PostgreSQL', openPostgres],
])('migration 0014 on existing data (%s)', (_name, open) => {
  it('keeps same-named organisations of different kinds apart, renamed, and makes the earliest live account admin', async () => {
    const o = await open();
    opened.push(o);
    await migrateTo(o, '0013_single_sign_on');
    const org = (id: string, name: string, kind: string, at: number) =>
      sql`insert into organisations (id, name, name_key, kind, created_at)
          values (${id}, ${name}, ${name.trim().replace(/\s+/g, ' ').toLowerCase()}, ${kind}, ${at})`.execute(o.db);
    await org('orga', 'Acme', 'supplier', 1);
    await org('orgb', 'ACME', 'third_sector', 2);
    // The name the rename would pick first is taken: the next gets a number.
    await org('orgc', 'acme (Other)', 'nhs_trust', 3);
    await org('orgd', 'Acme', 'other', 4);
    await org('orge', 'Lonely Trust', 'nhs_trust', 5);
    const user = (id: string, organisationId: string, at: number, deletedAt: number | null = null) =>
      sql`insert into users (id, email, name, password_hash, organisation_id, created_at, deleted_at)
          values (${id}, ${`${id}@example.com`}, ${id}, '!', ${organisationId}, ${at}, ${deletedAt})`.execute(o.db);
    await user('deleted1', 'orga', 10, 11); // the earliest, but deleted
    await user('second', 'orga', 20);
    await user('third', 'orga', 30);
    await user('bfirst', 'orgb', 15);
    await user('dtwin2', 'orgd', 40);
    await user('dtwin1', 'orgd', 40); // same time: the lower id wins

    await migrateTo(o, '0014_managed_organisations');

    const orgs = await o.db
      .selectFrom('organisations')
      .select(['id', 'name', 'name_key', 'kind', 'ods_code', 'require_mfa'])
      .orderBy('id')
      .execute();
    expect(orgs.map((r) => [r.id, r.name, r.name_key, r.kind])).toEqual([
      ['orga', 'Acme', 'acme', 'supplier'],
      ['orgb', 'ACME (Third sector)', 'acme (third sector)', 'third_sector'],
      ['orgc', 'acme (Other)', 'acme (other)', 'nhs_trust'],
      ['orgd', 'Acme (Other) 2', 'acme (other) 2', 'other'],
      ['orge', 'Lonely Trust', 'lonely trust', 'nhs_trust'],
    ]);
    expect(orgs.every((r) => r.ods_code === null && Number(r.require_mfa) === 0)).toBe(true);

    const users = await o.db
      .selectFrom('users')
      .select(['id', 'organisation_status', 'organisation_role'])
      .orderBy('id')
      .execute();
    expect(users).toEqual([
      { id: 'bfirst', organisation_status: 'confirmed', organisation_role: 'admin' },
      { id: 'deleted1', organisation_status: 'confirmed', organisation_role: 'member' },
      { id: 'dtwin1', organisation_status: 'confirmed', organisation_role: 'admin' },
      { id: 'dtwin2', organisation_status: 'confirmed', organisation_role: 'member' },
      { id: 'second', organisation_status: 'confirmed', organisation_role: 'admin' },
      { id: 'third', organisation_status: 'confirmed', organisation_role: 'member' },
    ]);
    expect(await isOrganisationAdmin(o.db, 'second', 'orga')).toBe(true);
    expect(await isOrganisationAdmin(o.db, 'second', 'orgb')).toBe(false);
    expect(await isOrganisationAdmin(o.db, 'third', 'orga')).toBe(false);
    expect(await isOrganisationAdmin(o.db, 'deleted1', 'orga')).toBe(false);

    // The name is now unique on its own, whatever the kind; a domain has one organisation.
    await expect(org('orgf', ' acme ', 'nhs_provider', 6)).rejects.toThrow();
    await o.db
      .insertInto('organisation_domains')
      .values({ domain: 'acme.example', organisation_id: 'orga', added_by: 'second', created_at: 1 })
      .execute();
    await expect(
      o.db
        .insertInto('organisation_domains')
        .values({ domain: 'acme.example', organisation_id: 'orgb', added_by: 'bfirst', created_at: 2 })
        .execute(),
    ).rejects.toThrow();
    // A pending, or a non-admin, is never an admin.
    await o.db.updateTable('users').set({ organisation_status: 'pending' }).where('id', '=', 'bfirst').execute();
    expect(await isOrganisationAdmin(o.db, 'bfirst', 'orgb')).toBe(false);
  });
});
