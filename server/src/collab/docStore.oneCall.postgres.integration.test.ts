import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { OwnSchemaPostgresDialect } from '../db/ownSchemaDialect.ts';
import type { Database } from '../db/schema.ts';
import { createTestSchema } from '../scale/testing.ts';
import { createKyselyDocStore } from './docStore.kysely.ts';
import { EntryNotWritableError, type UpdateBatch } from './docStore.ts';

/**
 * Issue 16: PostgreSQL's common group commit is ONE round trip (the stored function of migration
 * 0023 in autocommit). Every statement the store sends is recorded at the pg client, BEGIN and
 * COMMIT included, so the count is the number of round trips.
 */

function batchOf(text: string, extra: Partial<UpdateBatch> = {}): UpdateBatch {
  const doc = new Y.Doc();
  doc.getText('section:context-and-evolution').insert(0, text);
  return { updates: [Y.encodeStateAsUpdate(doc)], contributions: [], clients: [], createdAt: Date.now(), ...extra };
}

const text = (updates: { data: Uint8Array }[]) => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u.data);
  return doc.getText('section:context-and-evolution').toString();
};

let counter = 0;
async function insertEntry(db: Kysely<Database>, status: 'draft' | 'submitted'): Promise<string> {
  const n = `${Date.now().toString(36)}${counter++}`;
  const at = Date.now();
  await sql`insert into organisations (id, name, name_key, kind, created_at) values (${`o${n}`}, ${`Org ${n}`}, ${`org ${n}`}, 'nhs_trust', ${at})`.execute(
    db,
  );
  await sql`insert into users (id, email, name, password_hash, organisation_id, created_at) values (${`u${n}`}, ${`u${n}@example.nhs.uk`}, 'U', 'x', ${`o${n}`}, ${at})`.execute(
    db,
  );
  await sql`insert into entries (id, title, category_id, lead_organisation_id, created_by, status, created_at) values (${`e${n}`}, 'T', 'c', ${`o${n}`}, ${`u${n}`}, ${status}, ${at})`.execute(
    db,
  );
  return `e${n}`;
}

describe('PostgreSQL group commit in one round trip', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let handle: DatabaseHandle;
  let pool: pg.Pool;
  let db: Kysely<Database>;
  const sent: string[] = [];

  beforeAll(async () => {
    schema = await createTestSchema();
    handle = await openDatabase({ kind: 'postgres', url: schema.url, poolSize: 2 }); // runs the migrations
    pool = new pg.Pool({ connectionString: schema.url, max: 2 });
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        sent.push(String(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text).trim());
        return query(...args);
      };
    });
    db = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  });
  afterAll(async () => {
    await db?.destroy();
    await handle?.close();
    await schema?.drop();
  });
  beforeEach(() => {
    sent.length = 0;
  });

  it('stores a commit of several entries, with contributions, in one statement and no transaction around it', async () => {
    const store = createKyselyDocStore({ db, dialect: 'postgres' });
    const [a, b] = [await insertEntry(db, 'draft'), await insertEntry(db, 'draft')];
    const first = await store.appendBatches([{ entryId: a, batch: batchOf('one') }]);
    sent.length = 0;
    const contribution = {
      userId: 'u1',
      organisationId: 'o1',
      sections: ['context-and-evolution'],
      items: [{ itemId: 'i1', collection: 'testimonials' as const, action: 'changed' as const }],
      createdAt: 1234,
    };
    const outcomes = await store.appendBatches([
      { entryId: b, batch: batchOf('bee', { contributions: [contribution] }) },
      { entryId: a, batch: { ...batchOf('two'), updates: [...batchOf('two').updates, ...batchOf('three').updates] } },
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/jointly_append_group/);

    // The outcomes the relay needs: a's previous id is the first commit's last, ids in order.
    const firstLast = first[0]!.ok ? first[0]!.lastUpdateId : -1;
    expect(outcomes[1]).toMatchObject({ ok: true, previousUpdateId: firstLast });
    expect(outcomes[0]).toMatchObject({ ok: true, previousUpdateId: 0 });
    const storedA = await store.loadDocument(a);
    expect(storedA.updates.map((u) => u.id)).toEqual([...storedA.updates.map((u) => u.id)].sort((x, y) => x - y));
    expect(outcomes[1]!.ok && outcomes[1]!.lastUpdateId).toBe(storedA.updates.at(-1)!.id);
    expect(storedA.updates).toHaveLength(3);
    expect(text(storedA.updates)).toContain('one');
    const storedB = await store.loadDocument(b);
    expect(outcomes[0]!.ok && outcomes[0]!.lastUpdateId).toBe(storedB.updates.at(-1)!.id);
    expect(await store.listContributions(b)).toEqual([{ ...contribution, id: expect.any(Number) }]);
  });

  it('an entry that takes no writes: the call stores nothing, and the step-by-step commit stores the rest', async () => {
    const store = createKyselyDocStore({ db, dialect: 'postgres' });
    const [submitted, draft] = [await insertEntry(db, 'submitted'), await insertEntry(db, 'draft')];
    sent.length = 0;
    const outcomes = await store.appendBatches([
      { entryId: draft, batch: batchOf('fine') },
      { entryId: submitted, batch: batchOf('late') },
    ]);
    expect(sent[0]).toMatch(/jointly_append_group/);
    expect(sent.slice(1).map((s) => s.toLowerCase())).toContain('begin');
    expect(outcomes[0]).toMatchObject({ ok: true, previousUpdateId: 0 });
    expect(!outcomes[1]!.ok && outcomes[1]!.error).toBeInstanceOf(EntryNotWritableError);
    // The refused call rolled back whole: the draft's update is stored once, by the fallback.
    expect((await store.loadDocument(draft)).updates).toHaveLength(1);
    expect((await store.loadDocument(submitted)).updates).toHaveLength(0);
  });

  it('commits that need their transaction do not take the call: a claimed client id, a created item, hooks with work', async () => {
    const entry = await insertEntry(db, 'draft');
    sent.length = 0;
    let hookRuns = 0;
    const inCommit = async () => {
      hookRuns++;
      return undefined;
    };
    const plain = createKyselyDocStore({ db, dialect: 'postgres' });
    await plain.appendBatches([
      { entryId: entry, batch: batchOf('claim', { clients: [{ clientId: 7, userId: 'u' }] }) },
    ]);
    expect(sent.map((s) => s.toLowerCase())).toContain('begin');

    sent.length = 0;
    const created = { itemId: 'new', collection: 'evidence' as const, action: 'created' as const };
    await plain.appendBatches([
      {
        entryId: entry,
        batch: batchOf('item', {
          contributions: [{ userId: 'u', organisationId: 'o', sections: [], items: [created], createdAt: 1 }],
        }),
      },
    ]);
    expect(sent.map((s) => s.toLowerCase())).toContain('begin');
    expect((await plain.listExhibitLabels(entry)).map((l) => l.itemId)).toEqual(['new']);

    // A hook that says it has nothing to write lets the call through, and is not run.
    sent.length = 0;
    const idle = createKyselyDocStore({ db, dialect: 'postgres' }, { inCommit, inCommitNeeded: () => false });
    await idle.appendBatches([{ entryId: entry, batch: batchOf('idle') }]);
    expect(sent).toHaveLength(1);
    expect(hookRuns).toBe(0);

    // A hook that does not say runs in a transaction, as before.
    sent.length = 0;
    const busy = createKyselyDocStore({ db, dialect: 'postgres' }, { inCommit });
    await busy.appendBatches([{ entryId: entry, batch: batchOf('busy') }]);
    expect(sent.map((s) => s.toLowerCase())).toContain('begin');
    expect(hookRuns).toBe(1);
    const all = text((await plain.loadDocument(entry)).updates);
    for (const word of ['claim', 'item', 'idle', 'busy']) expect(all).toContain(word);
  });
});
