import type { ItemCollection } from '@jointly/shared';
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import * as Y from 'yjs';
import { recordItemActivity } from '../activity/recordItemActivity.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { ItemChange } from './describeTransaction.ts';
import {
  type AppendOutcome,
  applyStoredDocument,
  ClientIdConflictError,
  type CollabStoreHooks,
  type CompactionOptions,
  type CompactionResult,
  type Contribution,
  type DocStore,
  type EntryBatch,
  EntryNotWritableError,
  type ExhibitLabel,
  itemsCreatedIn,
  type StoredDocument,
  type UpdateBatch,
} from './docStore.ts';
import { chunks, insertLogRows } from './insertLogRows.ts';
import { entryAcceptsWrites } from './mayWrite.ts';
import {
  lastStoredUpdateId,
  lockEntryLog,
  lockEntryLogs,
  readStoredDocument,
  toBuffer,
} from './storedDocumentReads.ts';

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
  handle: Pick<DatabaseHandle, 'db' | 'dialect'>,
  hooks: CollabStoreHooks = {},
): DocStore {
  const { db, dialect } = handle;

  async function lockEntry(trx: Transaction<Database>, entryId: string) {
    if (dialect === 'postgres') await lockEntryLog(trx, entryId);
  }

  /**
   * Each entry's status and last stored update id, in one statement for all the entries of a
   * group commit (a statement per entry cost a round trip each on PostgreSQL while the entries'
   * locks were held, issue 16). On PostgreSQL the entries' rows are share-locked (see appendBatches).
   * Status is null for a document without an entry row (store tests).
   */
  async function entriesForWrite(
    trx: Transaction<Database>,
    entryIds: string[],
  ): Promise<Map<string, { status: string | null; last: number }>> {
    const found = new Map<string, { status: string | null; last: number }>();
    for (const part of chunks(entryIds)) {
      const { rows } = await sql<{ id: string; status: string; last: number | string }>`
        select e.id, e.status, coalesce(
          (select max(u.id) from doc_updates u where u.entry_id = e.id),
          (select s.last_update_id from doc_snapshots s where s.entry_id = e.id),
          0
        ) as last
        from entries e where e.id in (${sql.join(part)})${dialect === 'postgres' ? sql` for share of e` : sql``}`.execute(
        trx,
      );
      for (const row of rows) found.set(row.id, { status: row.status, last: Number(row.last) });
    }
    for (const entryId of entryIds) {
      if (!found.has(entryId)) found.set(entryId, { status: null, last: await lastStoredUpdateId(trx, entryId) });
    }
    return found;
  }

  async function loadDocument(entryId: string): Promise<StoredDocument> {
    const transaction = db.transaction();
    return (dialect === 'postgres' ? transaction.setIsolationLevel('repeatable read') : transaction).execute((trx) =>
      readStoredDocument(trx, entryId),
    );
  }

  /**
   * One transaction for every entry's batch, with a handful of statements
   * whatever the number of entries (one multi-row INSERT per table), since
   * each statement costs a compile and a prepare.
   */
  async function appendBatches(batches: EntryBatch[]): Promise<AppendOutcome[]> {
    if (batches.length === 0) return [];
    let afterCommit: (() => void) | undefined;
    const outcomes = await db.transaction().execute(async (trx) => {
      const entryIds = [...new Set(batches.map((b) => b.entryId))].sort();
      // Every entry's log lock in one statement, in a fixed order (PostgreSQL; SQLite has one writer).
      await lockEntryLogs(trx, entryIds);

      // Owners of every claimed client id, then the claims of this commit in order.
      const claimedIds = [...new Set(batches.flatMap((b) => b.batch.clients.map((c) => c.clientId)))];
      const owners = new Map<string, string>();
      const key = (entryId: string, clientId: number) => `${entryId}\u0000${clientId}`;
      if (claimedIds.length > 0) {
        for (const part of chunks(claimedIds)) {
          const rows = await trx
            .selectFrom('doc_clients')
            .select(['entry_id', 'client_id', 'user_id'])
            .where('entry_id', 'in', entryIds)
            .where('client_id', 'in', part)
            .execute();
          for (const row of rows) owners.set(key(row.entry_id, Number(row.client_id)), row.user_id);
        }
      }

      // Each entry's status, and its last update id before this commit (relay gap detection),
      // read under its lock. On PostgreSQL the entry's row is share-locked: a submission holds
      // it exclusively until it commits, so no batch lands after the submitted state was read
      // (C-SCALE-7); one that waited sees the new status and is refused.
      const previous = new Map<string, number>();
      const closed = new Map<string, string>();
      for (const [entryId, { status, last }] of await entriesForWrite(trx, entryIds)) {
        if (status !== null && !entryAcceptsWrites(status)) closed.set(entryId, status);
        previous.set(entryId, last);
      }

      const outcomes: AppendOutcome[] = [];
      const clientRows: Insertable<Database['doc_clients']>[] = [];
      const updateRows: { entry_id: string; data: Buffer; created_at: number }[] = [];
      const contributionRows: Insertable<Database['contributions']>[] = [];
      for (const { entryId, batch } of batches) {
        const status = closed.get(entryId);
        if (status !== undefined) {
          outcomes.push({ ok: false, error: new EntryNotWritableError(status) });
          continue;
        }
        const foreign = batch.clients.filter((c) => {
          const owner = owners.get(key(entryId, c.clientId));
          return owner !== undefined && owner !== c.userId;
        });
        if (foreign.length > 0) {
          outcomes.push({ ok: false, error: new ClientIdConflictError(foreign.map((c) => c.clientId)) });
          continue;
        }
        for (const c of batch.clients) {
          if (owners.has(key(entryId, c.clientId))) continue;
          owners.set(key(entryId, c.clientId), c.userId);
          clientRows.push({ entry_id: entryId, client_id: c.clientId, user_id: c.userId, created_at: batch.createdAt });
        }
        for (const data of batch.updates) {
          updateRows.push({ entry_id: entryId, data: toBuffer(data), created_at: batch.createdAt });
        }
        for (const c of batch.contributions) {
          contributionRows.push({
            entry_id: entryId,
            user_id: c.userId,
            organisation_id: c.organisationId,
            sections: JSON.stringify(c.sections),
            items: JSON.stringify(c.items),
            created_at: c.createdAt,
          });
        }
        outcomes.push({ ok: true, lastUpdateId: 0, previousUpdateId: previous.get(entryId) ?? 0 });
      }

      const lastIds = await insertLogRows(trx, dialect, {
        clients: clientRows,
        updates: updateRows,
        contributions: contributionRows,
      });
      const stored = batches.filter((_, i) => outcomes[i]!.ok);
      await assignLabels(trx, stored);
      // Items added and removed appear in the entry's activity feed (I11-17).
      await recordItemActivity(trx, stored);
      // Who wrote each suggestion mark (C-SUGGEST-1), in the same transaction as the write.
      afterCommit = (await hooks.inCommit?.(trx, stored)) ?? undefined;

      batches.forEach(({ entryId }, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) outcome.lastUpdateId = lastIds.get(entryId) ?? 0;
      });
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
