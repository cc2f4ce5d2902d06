import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import type { Database } from '../db/schema.ts';
import { lastStoredUpdateId, toBuffer } from './storedDocumentReads.ts';

/**
 * Replaces everything stored of an entry's document with one snapshot of
 * `state` (issue 18 item 2: an erasure): the log rows are deleted and the
 * snapshot overwritten in the caller's transaction, which must hold the
 * entry's log lock (`HeldEntryDocument.lockLog`) so no append or compaction
 * interleaves. Unlike a compaction, which folds the log into the old state,
 * nothing of the old bytes is kept: `state` must already hold every stored
 * update (a held document caught up under the lock) with the erased content
 * deleted and garbage-collected.
 */
export async function rewriteStoredDocument(
  trx: Kysely<Database>,
  entryId: string,
  state: Uint8Array,
  at: number,
): Promise<{ lastUpdateId: number; removedUpdates: number }> {
  const last = await lastStoredUpdateId(trx, entryId);
  const deleted = await trx.deleteFrom('doc_updates').where('entry_id', '=', entryId).executeTakeFirst();
  const bytes = toBuffer(state);
  await trx
    .insertInto('doc_snapshots')
    .values({ entry_id: entryId, state: bytes, last_update_id: last, updated_at: at })
    .onConflict((oc) => oc.column('entry_id').doUpdateSet({ state: bytes, last_update_id: last, updated_at: at }))
    .execute();
  return { lastUpdateId: last, removedUpdates: Number(deleted.numDeletedRows) };
}

/**
 * A Yjs client id for a server write on a person's behalf, claimed for them in
 * the caller's transaction: one neither the document nor the store has seen,
 * so nobody else can ever write under it (C-CLIENT rules).
 */
export async function claimClientId(
  trx: Kysely<Database>,
  entryId: string,
  doc: Y.Doc,
  userId: string,
  at: number,
): Promise<number> {
  for (;;) {
    const candidate = Math.floor(Math.random() * 0xffffffff) >>> 0;
    if (candidate === 0 || doc.store.clients.has(candidate)) continue;
    const taken = await trx
      .selectFrom('doc_clients')
      .select('client_id')
      .where('entry_id', '=', entryId)
      .where('client_id', '=', candidate)
      .executeTakeFirst();
    if (taken) continue;
    await trx
      .insertInto('doc_clients')
      .values({ entry_id: entryId, client_id: candidate, user_id: userId, created_at: at })
      .execute();
    return candidate;
  }
}

/** Runs `change` on `doc` in one transaction whose new items are written under `clientId`. */
export function transactAs(doc: Y.Doc, clientId: number, change: () => void, origin?: unknown): void {
  const own = doc.clientID;
  doc.clientID = clientId;
  try {
    doc.transact(change, origin);
  } finally {
    doc.clientID = own;
  }
}

/** A fresh garbage-collecting copy of `doc`'s state, so a change can be tried without touching `doc`. */
export function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}
