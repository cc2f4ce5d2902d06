import type { Place } from './checkPlacement.ts';
import type { IdPair, StructSummary } from './updateSummary.ts';

/**
 * A bound on the steps yjs takes to place an update's items among the
 * update's own items (C-SCHEMA-4; conflictScanSteps.ts covers the document's).
 *
 * Placing item X walks from its origin O past the items already placed after
 * O: those with origin O, and everything hanging from them (their origin
 * chains). In the update's origin forest (an item's parent is the item of the
 * same update that holds its origin), the items X can meet are O's other
 * children and their subtrees. So the walk for X is at most
 * T(O) − size(X), where T(O) sums the subtree sizes of O's children, and for
 * the whole update at most Σ over origins of (children(O) − 1) · T(O).
 *
 * An editor's update is a chain (each item's origin is the one typed before
 * it), one child per origin, so the bound is 0. Many items sharing one origin
 * with different right origins (issue 10 finding 2) make it quadratic, and
 * the update is refused before yjs spends that time.
 *
 * `placeOf` gives a struct's parent, so items at the start of a list (no
 * origin) are grouped by the type they start.
 */
export function inUpdateScanBound(
  items: readonly StructSummary[],
  inUpdate: (id: IdPair) => StructSummary | undefined,
  placeOf: (s: StructSummary) => Place | null,
): number {
  // Children of each struct of the update, and the items grouped by their origin.
  const children = new Map<StructSummary, StructSummary[]>();
  const byOrigin = new Map<string, StructSummary[]>();
  for (const s of items) {
    let key: string;
    if (s.origin !== null) {
      const parent = inUpdate(s.origin);
      if (parent) {
        const list = children.get(parent);
        if (list) list.push(s);
        else children.set(parent, [s]);
        key = `u:${parent.client}:${parent.clock}`;
      } else key = `d:${s.origin[0]}:${s.origin[1]}`;
    } else {
      const place = placeOf(s);
      const parentKey =
        place === null ? '?' : place.kind === 'type' ? place.key : place.kind === 'root' ? place.name : '-';
      key = `start:${parentKey}:${s.parentSub ?? ''}`;
    }
    const group = byOrigin.get(key);
    if (group) group.push(s);
    else byOrigin.set(key, [s]);
  }

  // Subtree sizes, iteratively (an update may hold a chain of tens of thousands).
  const size = new Map<StructSummary, number>();
  for (const root of items) {
    if (size.has(root)) continue;
    const stack: [StructSummary, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [node, expanded] = stack.pop()!;
      if (expanded) {
        let total = 1;
        for (const child of children.get(node) ?? []) total += size.get(child) ?? 0;
        size.set(node, total);
        continue;
      }
      if (size.has(node)) continue;
      size.set(node, 0); // in progress: a cycle (yjs leaves those pending) counts nothing more
      stack.push([node, true]);
      for (const child of children.get(node) ?? []) if (!size.has(child)) stack.push([child, false]);
    }
  }

  let bound = 0;
  for (const group of byOrigin.values()) {
    if (group.length < 2) continue;
    let total = 0;
    for (const s of group) total += size.get(s) ?? 1;
    bound += (group.length - 1) * total;
  }
  return bound;
}
