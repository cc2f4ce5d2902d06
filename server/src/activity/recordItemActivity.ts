import type { Insertable, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * What the feed reads of one entry's stored batch (the collab store's EntryBatch has this
 * shape): declared here so the activity log does not depend on the collaboration layer that
 * calls it.
 */
export type ItemActivityBatch = {
  entryId: string;
  batch: {
    contributions: readonly {
      userId: string;
      organisationId: string;
      createdAt: number;
      items: readonly { itemId: string; collection: string; action: 'created' | 'changed' | 'deleted' }[];
    }[];
  };
};

/**
 * Activity lines for testimonials and evidence added or removed (I11-17),
 * from the contribution log the same group commit stores: written in that
 * transaction, so a line exists exactly when the change does. Only additions
 * and removals: editing an item's fields is not news for the feed. Call after
 * the batch's exhibit labels are assigned, so an added item's line names its label.
 */
export async function recordItemActivity(
  trx: Transaction<Database>,
  batches: readonly ItemActivityBatch[],
): Promise<void> {
  const changes: { entryId: string; userId: string; organisationId: string; at: number; change: ItemMove }[] = [];
  for (const { entryId, batch } of batches) {
    for (const c of batch.contributions) {
      for (const item of c.items) {
        if (item.action === 'changed') continue;
        changes.push({
          entryId,
          userId: c.userId,
          organisationId: c.organisationId,
          at: c.createdAt,
          change: { itemId: item.itemId, collection: item.collection, action: item.action },
        });
      }
    }
  }
  if (changes.length === 0) return;
  const labels = new Map<string, string>();
  for (const entryId of new Set(changes.map((c) => c.entryId))) {
    const ids = [...new Set(changes.filter((c) => c.entryId === entryId).map((c) => c.change.itemId))];
    for (let at = 0; at < ids.length; at += 500) {
      const rows = await trx
        .selectFrom('exhibit_labels')
        .select(['item_id', 'number'])
        .where('entry_id', '=', entryId)
        .where('item_id', 'in', ids.slice(at, at + 500))
        .execute();
      for (const row of rows) labels.set(`${entryId}\n${row.item_id}`, `E${row.number}`);
    }
  }
  const rows: Insertable<Database['activity']>[] = changes.map(({ entryId, userId, organisationId, at, change }) => ({
    entry_id: entryId,
    at,
    actor_user_id: userId,
    actor_organisation_id: organisationId,
    kind: change.action === 'created' ? 'item_added' : 'item_removed',
    detail: JSON.stringify({
      itemId: change.itemId,
      collection: change.collection,
      label: labels.get(`${entryId}\n${change.itemId}`) ?? null,
    }),
  }));
  // Small batches: SQLite allows a bounded number of bound parameters per statement.
  for (let at = 0; at < rows.length; at += 100) {
    await trx
      .insertInto('activity')
      .values(rows.slice(at, at + 100))
      .execute();
  }
}

type ItemMove = { itemId: string; collection: string; action: 'created' | 'deleted' };
