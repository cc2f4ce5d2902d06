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
 * walk meets only the update's own items (inUpdateScanBound.ts bounds those).
 */
/**
 * Where the update's references will split the document's items: an origin
 * (client, k) makes a piece end after k, a right origin (client, k) one start
 * at k. yjs walks pieces, not the unsplit runs the document holds now, so the
 * walk is counted in pieces (a run of text is one item until someone refers
 * into it).
 */
export class SplitPoints {
  private readonly byClient = new Map<number, number[]>();

  constructor(items: readonly StructSummary[], inDoc: (id: IdPair) => boolean) {
    for (const s of items) {
      if (s.origin !== null && inDoc(s.origin)) this.add(s.origin[0], s.origin[1] + 1);
      if (s.right !== null && inDoc(s.right)) this.add(s.right[0], s.right[1]);
    }
    for (const list of this.byClient.values()) list.sort((a, b) => a - b);
  }

  private add(client: number, clock: number): void {
    const list = this.byClient.get(client);
    if (list) list.push(clock);
    else this.byClient.set(client, [clock]);
  }

  /** How many pieces the clocks [from, to) of one client will be in (0 when empty). */
  piecesIn(client: number, from: number, to: number): number {
    if (to <= from) return 0;
    const list = this.byClient.get(client);
    if (!list) return 1;
    // Distinct split points strictly inside (from, to).
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! <= from) lo = mid + 1;
      else hi = mid;
    }
    let pieces = 1;
    let last = from;
    for (let i = lo; i < list.length && list[i]! < to; i++) {
      if (list[i]! !== last) pieces++;
      last = list[i]!;
    }
    return pieces;
  }
}

export function conflictScanSteps(
  doc: Y.Doc,
  s: StructSummary,
  parent: Y.AbstractType<unknown> | null,
  inDoc: (id: IdPair) => boolean,
  splits: SplitPoints,
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
    const leftEnd = left.id.clock + left.length;
    if (s.origin[1] < leftEnd - 1) {
      // yjs splits the left item after the origin; the rest of it comes first in the walk.
      if (right === left && s.right !== null) return splits.piecesIn(left.id.client, s.origin[1] + 1, s.right[1]);
      steps += splits.piecesIn(left.id.client, s.origin[1] + 1, leftEnd);
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
    steps += o instanceof Y.Item ? splits.piecesIn(o.id.client, o.id.clock, o.id.clock + o.length) : 1;
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
  // Reached the item holding the right origin: the pieces of it before the right origin are walked too.
  if (o !== null && o === right && right instanceof Y.Item && s.right !== null) {
    steps += splits.piecesIn(right.id.client, right.id.clock, s.right[1]);
  }
  return steps;
}
