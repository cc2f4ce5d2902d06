import * as Y from 'yjs';
import type { IdPair, StructSummary } from './updateSummary.ts';

/**
 * How many of the document's items yjs would step over to place one new item
 * (C-SCHEMA-4), counted on the document before the update, up to `budget`.
 *
 * `Item.integrate` walks right from the item's origin (left neighbour when it
 * was written) towards its right origin while the items it meets were
 * inserted concurrently at the same place or after such an item, and tracks
 * them in sets. An editor's origin and right origin were neighbours when it
 * typed, so the walk meets only what others inserted there meanwhile: almost
 * always nothing. An item whose origins are far apart makes the walk cover
 * everything between them, and a few thousand of those cost seconds
 * (issue 10, finding 2), and again at every load. This walk follows the same
 * rule without changing anything, so the sum over an update can be bounded.
 *
 * Items whose origin is created by the same update are not walked here: their
 * walk meets only the update's own items, at most the update's struct count
 * (bounded by C-SCHEMA-5, and by the trial apply for large updates).
 */
export function conflictScanSteps(
  doc: Y.Doc,
  s: StructSummary,
  parent: Y.AbstractType<unknown> | null,
  inDoc: (id: IdPair) => boolean,
  budget: number,
): number {
  if (s.origin !== null && !inDoc(s.origin)) return 0;
  const store = doc.store;
  const item = (id: IdPair) => Y.getItem(store, Y.createID(id[0], id[1])) as Y.Item | Y.GC;
  const right = s.right !== null && inDoc(s.right) ? item(s.right) : null;
  const seen = new Set<Y.Item | Y.GC>();
  let steps = 0;
  let o: Y.Item | Y.GC | null;
  if (s.origin !== null) {
    const left = item(s.origin);
    if (!(left instanceof Y.Item)) return 0; // yjs drops an item whose neighbour was collected
    const originInside = s.origin[1] < left.id.clock + left.length - 1;
    if (originInside) {
      // yjs splits the left item after the origin; the split-off rest comes first in the walk.
      if (right === left && s.right !== null && s.right[1] === s.origin[1] + 1) return 0;
      steps++;
      seen.add(left);
    }
    o = left.right;
  } else if (parent === null) {
    return 0;
  } else if (s.parentSub !== null) {
    // A map value placed with no left neighbour: yjs walks from the oldest value of that key.
    o = parent._map.get(s.parentSub) ?? null;
    while (o !== null && o.left !== null) {
      o = o.left;
      steps++;
      if (steps > budget) return steps;
    }
  } else {
    o = parent._start;
  }
  while (o !== null && o !== right) {
    steps++;
    if (steps > budget) return steps;
    seen.add(o);
    if (!(o instanceof Y.Item)) break;
    const origin = o.origin;
    const sameOrigin =
      origin === null
        ? s.origin === null
        : s.origin !== null && origin.client === s.origin[0] && origin.clock === s.origin[1];
    if (!sameOrigin && (origin === null || !seen.has(item([origin.client, origin.clock])))) break;
    o = o.right;
  }
  return steps;
}
