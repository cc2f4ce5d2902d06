import { type ItemCollection, isItemCollection, sectionIdOf } from '@jointly/shared';
import * as Y from 'yjs';

/** What one applied transaction did to a testimonial or evidence item. */
export type ItemChange = { collection: ItemCollection; itemId: string; action: 'created' | 'changed' | 'deleted' };

/** What one applied transaction touched: the provenance the server records (C-PROV-1). */
export type TransactionFootprint = { sections: string[]; items: ItemChange[] };

const ACTION_RANK: Record<ItemChange['action'], number> = { changed: 0, deleted: 1, created: 2 };

type AnyType = Y.AbstractType<unknown>;

/** The top-level name of each shared type; rebuilt when a new top-level type appears. */
const rootNames = new WeakMap<Y.Doc, Map<AnyType, string>>();

function rootNameOf(doc: Y.Doc, type: AnyType): string | null {
  let names = rootNames.get(doc);
  if (!names?.has(type)) {
    names = new Map();
    for (const [name, shared] of doc.share) names.set(shared as AnyType, name);
    rootNames.set(doc, names);
  }
  return names.get(type) ?? null;
}

/**
 * Walks a transaction's changed types up to their top-level type and says
 * which sections were written in and which items were created, changed or
 * deleted (PRODUCT §5). Call it while the transaction's events are current
 * (in the doc's `update` or `afterTransaction` handler).
 *
 * For the item maps, the key in the top-level map is the item id: a key that
 * appears is `created`, one that disappears is `deleted`, a value replaced
 * under an existing key or any change nested inside the item is `changed`.
 */
export function describeTransaction(doc: Y.Doc, transaction: Y.Transaction): TransactionFootprint {
  const sections = new Set<string>();
  const items = new Map<string, ItemChange>();
  const note = (change: ItemChange) => {
    const key = `${change.collection}\u0000${change.itemId}`;
    const previous = items.get(key);
    if (!previous || ACTION_RANK[change.action] > ACTION_RANK[previous.action]) items.set(key, change);
  };

  for (const [changedType, keys] of transaction.changed) {
    let type = changedType as AnyType;
    // The item that holds the child of the top-level type we walk through.
    let childItem: Y.Item | null = null;
    while (type._item !== null) {
      childItem = type._item;
      const parent = childItem.parent;
      if (!(parent instanceof Y.AbstractType)) break;
      type = parent as AnyType;
    }
    if (type._item !== null) continue;
    const name = rootNameOf(doc, type);
    if (name === null) continue;

    const sectionId = sectionIdOf(name);
    if (sectionId !== null) {
      sections.add(sectionId);
      continue;
    }
    if (!isItemCollection(name)) continue;

    if (childItem === null) {
      // A key of the top-level map itself changed.
      const event = new Y.YMapEvent(type as Y.Map<unknown>, transaction, keys);
      for (const [itemId, change] of event.keys) {
        const action = change.action === 'add' ? 'created' : change.action === 'delete' ? 'deleted' : 'changed';
        note({ collection: name, itemId, action });
      }
    } else if (childItem.parentSub !== null && !childItem.deleted) {
      // Something inside an item changed; only the item's current value counts.
      const current = (type as AnyType)._map.get(childItem.parentSub);
      if (current === childItem) note({ collection: name, itemId: childItem.parentSub, action: 'changed' });
    }
  }
  return { sections: [...sections].sort(), items: [...items.values()] };
}
