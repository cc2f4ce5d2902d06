import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FINALIST_OUTLINE } from '@jointly/shared';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { createTestSchema } from '../scale/testing.ts';
import { createKyselyDocStore } from './docStore.kysely.ts';
import { applyStoredDocument, EntryNotWritableError, type UpdateBatch } from './docStore.ts';

/**
 * C-SCALE-7 in the store: a batch for an entry that is no longer a draft is
 * refused in the transaction that would store it, and on PostgreSQL an append
 * waits for a submission holding the entry's row and then sees its status. C-WRITE-5: a batch the
 * room marked outline-only is taken for a submitted entry while its outcome is "finalist".
 */
const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function batchOf(text: string): UpdateBatch {
  const doc = new Y.Doc();
  doc.getText('section:context-and-evolution').insert(0, text);
  return { updates: [Y.encodeStateAsUpdate(doc)], contributions: [], clients: [], createdAt: Date.now() };
}

let counter = 0;
async function insertEntry(handle: DatabaseHandle, status: 'draft' | 'submitted', outcome?: string): Promise<string> {
  const n = `${Date.now().toString(36)}${counter++}`;
  const at = Date.now();
  await sql`insert into organisations (id, name, name_key, kind, created_at) values (${`o${n}`}, ${`Org ${n}`}, ${`org ${n}`}, 'nhs_trust', ${at})`.execute(
    handle.db,
  );
  await sql`insert into users (id, email, name, password_hash, organisation_id, created_at) values (${`u${n}`}, ${`u${n}@example.nhs.uk`}, 'U', 'x', ${`o${n}`}, ${at})`.execute(
    handle.db,
  );
  await sql`insert into entries (id, title, category_id, lead_organisation_id, created_by, status, created_at) values (${`e${n}`}, 'T', 'c', ${`o${n}`}, ${`u${n}`}, ${status}, ${at})`.execute(
    handle.db,
  );
  if (outcome) {
    await sql`insert into entry_outcomes (entry_id, stage, portal_submitted_on, feedback, recorded_by, recorded_by_organisation_id, recorded_at) values (${`e${n}`}, ${outcome}, null, '', ${`u${n}`}, ${`o${n}`}, ${at})`.execute(
      handle.db,
    );
  }
  return `e${n}`;
}

/** A paragraph in the finalist outline, as the outline's editor writes it. */
function outlineBatchOf(text: string): UpdateBatch {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(FINALIST_OUTLINE).insert(0, [paragraph]);
  return { updates: [Y.encodeStateAsUpdate(doc)], contributions: [], clients: [], createdAt: Date.now() };
}

function describeEntryStatus(name: string, open: () => Promise<{ handle: DatabaseHandle; close(): Promise<void> }>) {
  describe(`DocStore and entry status: ${name}`, () => {
    let harness: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      harness = await open();
    });
    afterAll(async () => harness?.close());

    it('C-SCALE-7: a batch for a submitted entry is refused and nothing of it stored; the rest of the group commits', async () => {
      const store = createKyselyDocStore(harness.handle);
      const submitted = await insertEntry(harness.handle, 'submitted');
      const draft = await insertEntry(harness.handle, 'draft');
      const outcomes = await store.appendBatches([
        { entryId: submitted, batch: batchOf('late') },
        { entryId: draft, batch: batchOf('fine') },
      ]);
      expect(outcomes[0]).toMatchObject({ ok: false });
      expect(!outcomes[0]!.ok && outcomes[0]!.error).toBeInstanceOf(EntryNotWritableError);
      expect(outcomes[1]).toMatchObject({ ok: true });
      expect((await store.loadDocument(submitted)).updates).toHaveLength(0);
      expect((await store.loadDocument(draft)).updates).toHaveLength(1);
    });

    it('C-WRITE-5: an outline-only batch for a submitted finalist entry is stored; unflagged, or another outcome, refused', async () => {
      const store = createKyselyDocStore(harness.handle);
      const finalist = await insertEntry(harness.handle, 'submitted', 'finalist');
      const winner = await insertEntry(harness.handle, 'submitted', 'winner');
      const outcomes = await store.appendBatches([
        { entryId: finalist, batch: { ...outlineBatchOf('Opening: the problem'), outlineOnly: true } },
        { entryId: finalist, batch: outlineBatchOf('unflagged') },
        { entryId: winner, batch: { ...outlineBatchOf('after the award'), outlineOnly: true } },
      ]);
      expect(outcomes.map((o) => o.ok)).toEqual([true, false, false]);
      expect(!outcomes[1]!.ok && outcomes[1]!.error).toBeInstanceOf(EntryNotWritableError);
      expect(!outcomes[2]!.ok && outcomes[2]!.error).toBeInstanceOf(EntryNotWritableError);
      const stored = applyStoredDocument(new Y.Doc(), await store.loadDocument(finalist));
      expect(stored.getXmlFragment(FINALIST_OUTLINE).toString()).toContain('Opening: the problem');
      expect(stored.getXmlFragment(FINALIST_OUTLINE).toString()).not.toContain('unflagged');
      expect((await store.loadDocument(winner)).updates).toHaveLength(0);
    });
  });
}

describeEntryStatus('SQLite file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-docstore-status-'));
  const handle = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'test.sqlite'), synchronous: 'NORMAL' });
  return {
    handle,
    async close() {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

// On PostgreSQL a group commit first runs as one statement; an entry found closed sends it step by step.
describeEntryStatus('PostgreSQL', async () => {
  const schema = await createTestSchema();
  const handle = await openDatabase({ kind: 'postgres', url: schema.url, poolSize: 4 });
  return {
    handle,
    async close() {
      await handle.close();
      await schema.drop();
    },
  };
});

describe('DocStore and entry status: PostgreSQL row lock', () => {
  const schema = `jointly_status_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  let handle: DatabaseHandle;
  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const url = new URL(BASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  });
  afterAll(async () => {
    await handle?.close();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  it('C-SCALE-7: an append waits while a submission holds the entry row, then sees it submitted and stores nothing', async () => {
    const store = createKyselyDocStore(handle);
    const entryId = await insertEntry(handle, 'draft');
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // What the submission does: lock the row, then (later) mark the entry submitted and commit.
    const submission = handle.db.transaction().execute(async (trx) => {
      await sql`update entries set status = status where id = ${entryId}`.execute(trx);
      locked();
      await released;
      await sql`update entries set status = 'submitted' where id = ${entryId}`.execute(trx);
    });
    await isLocked;
    let settled = false;
    const append = store.appendBatches([{ entryId, batch: batchOf('during submission') }]).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(settled).toBe(false); // waiting for the submission's lock
    release();
    await submission;
    const [outcome] = await append;
    expect(outcome?.ok).toBe(false);
    expect(!outcome!.ok && outcome!.error).toBeInstanceOf(EntryNotWritableError);
    expect((await store.loadDocument(entryId)).updates).toHaveLength(0);
  });
});
