import type { ItemCollection } from '@jointly/shared';
import type { Insertable, Kysely, Transaction } from 'kysely';
import * as Y from 'yjs';
import { recordItemActivity } from '../activity/recordItemActivity.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { appendInOneCall, fitsOneCall, OneCallRefused } from './appendInOneCall.ts';
import type { ItemChange } from './describeTransaction.ts';
import {
  type AppendOutcome,
  applyStoredDocument,
  type CollabStoreHooks,
  type CompactionOptions,
  type CompactionResult,
  type Contribution,
  type DocStore,
  type EntryBatch,
  type ExhibitLabel,
  itemsCreatedIn,
  type StoredDocument,
  type UpdateBatch,
} from './docStore.ts';
import { chunks } from './insertLogRows.ts';
import { sqliteGroupWrite } from './sqliteGroupWrite.ts';
import {
  lastStoredUpdateId,
  lockEntryLog,
  lockEntryLogs,
  readStoredDocument,
  toBuffer,
} from './storedDocumentReads.ts';
import {
  fitsOneStatement,
  type GroupWrite,
  OneStatementRefused,
  writeInOneStatement,
  writeStepByStep,
} from './writeGroupCommit.ts';

/**
 * The DocStore over Kysely, for SQLite (embedded) and PostgreSQL (scaled).
 *
 * On PostgreSQL, appends and compactions of one entry take a transaction-scoped
 * advisory lock on the entry, so update ids are assigned in commit order per
 * entry: a compaction that covers ids ≤ N can never miss an update with a
 * smaller id committed later by another process. Loads read in REPEATABLE READ
 * so the snapshot and the log come from the same instant. On SQLite, one
 * connection and WAL give both for free.
 */
export function createKyselyDocStore(
  handle: Pick<DatabaseHandle, 'db' | 'dialect' | 'sqlite'>,
  hooks: CollabStoreHooks = {},
): DocStore {
  const { db, dialect } = handle;
  // SQLite with its connection at hand: the group commit's rows through prepared statements.
  const writeRows: GroupWrite =
    dialect === 'sqlite' && handle.sqlite
      ? sqliteGroupWrite(handle.sqlite.connection, handle.sqlite.watch)
      : (trx, group, entryIds) => writeStepByStep(trx, dialect, group, entryIds);

  async function lockEntry(trx: Transaction<Database>, entryId: string) {
    if (dialect === 'postgres') await lockEntryLog(trx, entryId);
  }

  async function loadDocument(entryId: string): Promise<StoredDocument> {
    const transaction = db.transaction();
    return (dialect === 'postgres' ? transaction.setIsolationLevel('repeatable read') : transaction).execute((trx) =>
      readStoredDocument(trx, entryId),
    );
  }

  /**
   * One transaction for every entry's batch, with a handful of statements whatever the number of
   * entries. On PostgreSQL the common commit (no client id claimed, no item created or deleted,
   * nothing for the hooks) is one call of a stored function (appendInOneCall); another commit that
   * claims no client id goes as one statement between the locks and COMMIT (writeInOneStatement).
   * If an entry turns out closed, nothing of either was stored and the commit runs step by step,
   * which leaves the closed entry's batch out.
   */
  async function appendBatches(batches: EntryBatch[]): Promise<AppendOutcome[]> {
    if (batches.length === 0) return [];
    if (dialect === 'postgres' && fitsOneCall(batches, hooks)) {
      try {
        return await appendInOneCall(db, batches);
      } catch (err) {
        if (!(err instanceof OneCallRefused)) throw err;
        // An entry takes no writes: the one statement would refuse too.
        return commitGroup(batches, (trx, group, entryIds) => writeStepByStep(trx, dialect, group, entryIds));
      }
    }
    if (dialect === 'postgres' && fitsOneStatement(batches)) {
      try {
        return await commitGroup(batches, writeInOneStatement);
      } catch (err) {
        if (!(err instanceof OneStatementRefused)) throw err;
      }
    }
    return commitGroup(batches, writeRows);
  }

  async function commitGroup(batches: EntryBatch[], write: GroupWrite): Promise<AppendOutcome[]> {
    let afterCommit: (() => void) | undefined;
    const outcomes = await db.transaction().execute(async (trx) => {
      const entryIds = [...new Set(batches.map((b) => b.entryId))].sort();
      // Every entry's log lock in one statement, in a fixed order (PostgreSQL; SQLite has one writer).
      await lockEntryLogs(trx, entryIds);
      const outcomes = await write(trx, batches, entryIds);
      const stored = batches.filter((_, i) => outcomes[i]!.ok);
      await assignLabels(trx, stored);
      // Items added and removed appear in the entry's activity feed (I11-17).
      await recordItemActivity(trx, stored);
      // Who wrote each suggestion mark (C-SUGGEST-1), in the same transaction as the write.
      afterCommit = (await hooks.inCommit?.(trx, stored)) ?? undefined;
      return outcomes;
    });
    afterCommit?.();
    return outcomes;
  }

  /**
   * Exhibit labels for the items these batches create (C-PROV-3): each entry's
   * next number is max+1, read after the entry's lock was taken (PostgreSQL:
   * the advisory lock of appendBatches; SQLite: the one writer), so two
   * processes cannot both read the same maximum. The unique constraints on
   * (entry_id, number) and (entry_id, item_id) stand behind that: a duplicate
   * fails the whole transaction rather than being stored.
   */
  async function assignLabels(trx: Transaction<Database>, batches: EntryBatch[]): Promise<void> {
    const created = new Map<string, { itemId: string; collection: ItemCollection; createdAt: number }[]>();
    for (const { entryId, batch } of batches) {
      const items = itemsCreatedIn(batch);
      if (items.length === 0) continue;
      const list = created.get(entryId) ?? [];
      for (const item of items) list.push({ ...item, createdAt: batch.createdAt });
      created.set(entryId, list);
    }
    if (created.size === 0) return;
    const rows: Insertable<Database['exhibit_labels']>[] = [];
    for (const [entryId, items] of created) {
      const labelled = new Set<string>();
      for (const part of chunks([...new Set(items.map((i) => i.itemId))])) {
        const existing = await trx
          .selectFrom('exhibit_labels')
          .select('item_id')
          .where('entry_id', '=', entryId)
          .where('item_id', 'in', part)
          .execute();
        for (const row of existing) labelled.add(row.item_id);
      }
      const max = await trx
        .selectFrom('exhibit_labels')
        .select((eb) => eb.fn.max<number | null>('number').as('max'))
        .where('entry_id', '=', entryId)
        .executeTakeFirst();
      let next = Number(max?.max ?? 0) + 1;
      for (const item of items) {
        // An item id re-created after a deletion keeps its label; a label is never reused.
        if (labelled.has(item.itemId)) continue;
        labelled.add(item.itemId);
        rows.push({
          entry_id: entryId,
          item_id: item.itemId,
          collection: item.collection,
          number: next++,
          created_at: item.createdAt,
        });
      }
    }
    for (const part of chunks(rows)) await trx.insertInto('exhibit_labels').values(part).execute();
  }

  async function listExhibitLabels(entryId: string): Promise<ExhibitLabel[]> {
    const rows = await db
      .selectFrom('exhibit_labels')
      .select(['item_id', 'collection', 'number', 'created_at'])
      .where('entry_id', '=', entryId)
      .orderBy('number')
      .execute();
    return rows.map((row) => ({
      itemId: row.item_id,
      collection: row.collection as ItemCollection,
      number: Number(row.number),
      createdAt: Number(row.created_at),
    }));
  }

  async function appendUpdates(entryId: string, batch: UpdateBatch): Promise<{ lastUpdateId: number }> {
    const [outcome] = await appendBatches([{ entryId, batch }]);
    if (!outcome!.ok) throw outcome!.error;
    return { lastUpdateId: outcome!.lastUpdateId };
  }

  /**
   * Compaction when the live document holds everything stored (see CompactionOptions): its state
   * is the snapshot. Null when the store holds something newer (another process wrote), and the
   * caller merges instead. Runs under the entry's lock.
   */
  async function compactFromCurrent(
    trx: Transaction<Database>,
    entryId: string,
    current: Y.Doc,
    holdsUpTo: number,
  ): Promise<CompactionResult | null> {
    const last = await lastStoredUpdateId(trx, entryId);
    if (last > holdsUpTo) return null;
    // Deleting first tells whether there was anything to fold (one statement instead of a count).
    const deleted = await trx
      .deleteFrom('doc_updates')
      .where('entry_id', '=', entryId)
      .where('id', '<=', last)
      .executeTakeFirst();
    const compacted = Number(deleted.numDeletedRows);
    if (compacted === 0) return { lastUpdateId: last, compacted: 0 };
    const state = toBuffer(Y.encodeStateAsUpdate(current));
    const at = Date.now();
    await trx
      .insertInto('doc_snapshots')
      .values({ entry_id: entryId, state, last_update_id: last, updated_at: at })
      .onConflict((oc) => oc.column('entry_id').doUpdateSet({ state, last_update_id: last, updated_at: at }))
      .execute();
    return { lastUpdateId: last, compacted };
  }

  async function compact(entryId: string, options: CompactionOptions = {}): Promise<CompactionResult> {
    return db.transaction().execute(async (trx) => {
      await lockEntry(trx, entryId);
      if (options.current && options.currentHoldsUpTo !== undefined) {
        const fast = await compactFromCurrent(trx, entryId, options.current, options.currentHoldsUpTo);
        if (fast) {
          await options.beforeCommit?.();
          return fast;
        }
      }
      const stored = await readStoredDocument(trx, entryId);
      const last = stored.updates.at(-1)?.id ?? stored.lastUpdateId;
      const fresh = applyStoredDocument(new Y.Doc({ gc: true }), stored);
      let grew = false;
      if (options.current) {
        const before = Y.snapshot(fresh);
        Y.applyUpdate(fresh, Y.encodeStateAsUpdate(options.current));
        grew = !Y.equalSnapshots(before, Y.snapshot(fresh));
      }
      if (stored.updates.length === 0 && !grew) {
        fresh.destroy();
        return { lastUpdateId: stored.lastUpdateId, compacted: 0 };
      }
      const state = toBuffer(Y.encodeStateAsUpdate(fresh));
      fresh.destroy();
      const at = Date.now();
      await trx
        .insertInto('doc_snapshots')
        .values({ entry_id: entryId, state, last_update_id: last, updated_at: at })
        .onConflict((oc) => oc.column('entry_id').doUpdateSet({ state, last_update_id: last, updated_at: at }))
        .execute();
      await trx.deleteFrom('doc_updates').where('entry_id', '=', entryId).where('id', '<=', last).execute();
      await options.beforeCommit?.();
      return { lastUpdateId: last, compacted: stored.updates.length };
    });
  }

  async function ownersWith(executor: Kysely<Database>, entryId: string, clientIds: number[]) {
    const owners = new Map<number, string>();
    for (const part of chunks([...new Set(clientIds)])) {
      if (part.length === 0) continue;
      const rows = await executor
        .selectFrom('doc_clients')
        .select(['client_id', 'user_id'])
        .where('entry_id', '=', entryId)
        .where('client_id', 'in', part)
        .execute();
      for (const row of rows) owners.set(Number(row.client_id), row.user_id);
    }
    return owners;
  }

  async function listContributions(entryId: string): Promise<Contribution[]> {
    const rows = await db
      .selectFrom('contributions')
      .selectAll()
      .where('entry_id', '=', entryId)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: Number(row.id),
      userId: row.user_id,
      organisationId: row.organisation_id,
      sections: JSON.parse(row.sections) as string[],
      items: JSON.parse(row.items) as ItemChange[],
      createdAt: Number(row.created_at),
    }));
  }

  async function countUpdates(entryId: string): Promise<number> {
    const snapshot = await db
      .selectFrom('doc_snapshots')
      .select('last_update_id')
      .where('entry_id', '=', entryId)
      .executeTakeFirst();
    const row = await db
      .selectFrom('doc_updates')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('entry_id', '=', entryId)
      .where('id', '>', snapshot?.last_update_id ?? 0)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  return {
    loadDocument,
    appendUpdates,
    appendBatches,
    compact,
    ownersOfClientIds: (entryId, clientIds) => ownersWith(db, entryId, clientIds),
    listExhibitLabels,
    listContributions,
    countUpdates,
  };
}
