import * as Y from 'yjs';
import type { Place } from './checkPlacement.ts';
import type { IdPair, StructSummary } from './updateSummary.ts';

/** Whether the document (not the update) holds an id. */
export const holdsInDoc =
  (doc: Y.Doc) =>
  (id: IdPair): boolean =>
    id[1] < Y.getState(doc.store, id[0]);

/** Where a struct's parent is, found in the update or the document, memoised per struct. */
export class UpdateLookup {
  private readonly places = new Map<StructSummary, { place: Place; parentSub: string | null } | 'invalid'>();
  private rootNames: Map<Y.AbstractType<unknown>, string> | null = null;
  /** The update's delete ranges per client, by clock. */
  private readonly deletesByClient = new Map<number, [number, number][]>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly byClient: ReadonlyMap<number, StructSummary[]>,
    deletes: readonly [number, number, number][],
  ) {
    for (const [client, clock, len] of deletes) {
      const list = this.deletesByClient.get(client);
      if (list) list.push([clock, len]);
      else this.deletesByClient.set(client, [[clock, len]]);
    }
    for (const list of this.deletesByClient.values()) list.sort((a, b) => a[0] - b[0]);
  }

  /** The struct of this update that covers an id, if the document does not hold it. */
  structAt(id: IdPair): StructSummary | undefined {
    return this.inUpdate(id);
  }

  private inUpdate(id: IdPair): StructSummary | undefined {
    if (id[1] < Y.getState(this.doc.store, id[0])) return undefined;
    const list = this.byClient.get(id[0]);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid]!;
      if (id[1] < s.clock) hi = mid - 1;
      else if (id[1] >= s.clock + s.length) lo = mid + 1;
      else return s;
    }
    return undefined;
  }

  private docItem(id: IdPair): Y.Item | Y.GC {
    return Y.getItem(this.doc.store, Y.createID(id[0], id[1])) as Y.Item | Y.GC;
  }

  placeOf(s: StructSummary): { place: Place; parentSub: string | null } | 'invalid' {
    const known = this.places.get(s);
    if (known !== undefined) return known;
    const result = this.resolve(s);
    this.places.set(s, result);
    return result;
  }

  private resolve(s: StructSummary): { place: Place; parentSub: string | null } | 'invalid' {
    if (typeof s.parent === 'string') return { place: { kind: 'root', name: s.parent }, parentSub: s.parentSub };
    if (s.parent !== null) return { place: this.placeOfTypeAt(s.parent), parentSub: s.parentSub };
    // yjs takes the parent and key from the left neighbour (origin), else the right one.
    const ref = s.origin ?? s.right;
    if (ref === null) return 'invalid';
    const fromUpdate = this.inUpdate(ref);
    if (fromUpdate) {
      if (fromUpdate.gc) return { place: { kind: 'gone' }, parentSub: null };
      return this.placeOf(fromUpdate);
    }
    const item = this.docItem(ref);
    if (!(item instanceof Y.Item)) return { place: { kind: 'gone' }, parentSub: null };
    return { place: this.placeOfType(item.parent as Y.AbstractType<unknown>), parentSub: item.parentSub };
  }

  /** The shared type created by the item at `id`. */
  private placeOfTypeAt(id: IdPair): Place {
    const fromUpdate = this.inUpdate(id);
    if (fromUpdate) {
      if (fromUpdate.gc || fromUpdate.content.k === 'deleted') return { kind: 'gone' };
      if (fromUpdate.content.k !== 'type') return { kind: 'notAType' };
      const above = this.placeOf(fromUpdate);
      if (above === 'invalid' || above.place.kind === 'gone' || above.place.kind === 'notAType') {
        return above === 'invalid' ? { kind: 'notAType' } : above.place;
      }
      return {
        kind: 'type',
        t: fromUpdate.content.t,
        node: fromUpdate.content.node,
        root: above.place.kind === 'root' ? above.place.name : above.place.root,
        underRoot: above.place.kind === 'root',
        rootKey: above.place.kind === 'root' ? above.parentSub : above.place.rootKey,
        docType: null,
        key: `${fromUpdate.client}:${fromUpdate.clock}`,
      };
    }
    const item = this.docItem(id);
    if (!(item instanceof Y.Item) || item.content instanceof Y.ContentDeleted) return { kind: 'gone' };
    if (!(item.content instanceof Y.ContentType)) return { kind: 'notAType' };
    return this.placeOfType(item.content.type as unknown as Y.AbstractType<unknown>);
  }

  /** Where a type of the document is: a top-level type, or a type nested under one. */
  private placeOfType(type: Y.AbstractType<unknown>): Place {
    if (type._item === null) return { kind: 'root', name: this.rootName(type) ?? '' };
    let top = type;
    let underTop: Y.Item = type._item;
    while (top._item !== null) {
      underTop = top._item;
      top = top._item.parent as Y.AbstractType<unknown>;
    }
    return {
      kind: 'type',
      t: kindOfType(type),
      node: type instanceof Y.XmlElement ? type.nodeName : null,
      root: this.rootName(top) ?? '',
      underRoot: (type._item.parent as Y.AbstractType<unknown>)._item === null,
      rootKey: underTop.parentSub,
      docType: type,
      key: `${type._item.id.client}:${type._item.id.clock}`,
    };
  }

  private rootName(type: Y.AbstractType<unknown>): string | undefined {
    if (this.rootNames === null) {
      this.rootNames = new Map();
      for (const [name, shared] of this.doc.share)
        this.rootNames.set(shared as unknown as Y.AbstractType<unknown>, name);
    }
    return this.rootNames.get(type);
  }

  /** The document's type a place names (null: created by this update, or a top-level type not yet used). */
  docTypeOf(place: Place): Y.AbstractType<unknown> | null {
    if (place.kind === 'type') return place.docType;
    if (place.kind === 'root') return (this.doc.share.get(place.name) as unknown as Y.AbstractType<unknown>) ?? null;
    return null;
  }

  /**
   * The items the delete set removes from what the document holds now (not yet deleted), with
   * how many of each item's characters it covers. Linear in the deleted items, as applying the
   * deletion is.
   */
  private *itemsDeleted(deletes: readonly [number, number, number][]): Generator<{ item: Y.Item; overlap: number }> {
    for (const [client, clock, len] of deletes) {
      const structs = this.doc.store.clients.get(client);
      if (!structs || clock >= Y.getState(this.doc.store, client)) continue;
      const end = clock + len;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const struct = structs[i]!;
        if (struct.id.clock >= end) break;
        if (!(struct instanceof Y.Item) || struct.deleted) continue; // nothing left to delete there
        const overlap = Math.min(end, struct.id.clock + struct.length) - Math.max(clock, struct.id.clock);
        yield { item: struct, overlap };
      }
    }
  }

  /** Characters of section text, by top-level name, that the delete set removes from what the document holds now. */
  deletedTextBySection(deletes: readonly [number, number, number][]): Map<string, number> {
    const removed = new Map<string, number>();
    for (const { item, overlap } of this.itemsDeleted(deletes)) {
      if (!(item.content instanceof Y.ContentString)) continue;
      const parent = item.parent as Y.AbstractType<unknown>;
      if (!(parent instanceof Y.Text)) continue; // Y.XmlText is a Y.Text too
      const place = this.placeOfType(parent as unknown as Y.AbstractType<unknown>);
      if (place.kind !== 'type') continue;
      // Section text counts by section; a short field's by its Y.Text (sizeKey).
      const key = sizeKey(place);
      removed.set(key, (removed.get(key) ?? 0) + overlap);
    }
    return removed;
  }

  /**
   * The top-level names the delete set removes something from, of what the document holds now
   * ('' for what has no findable place). What the update itself creates is placed by its structs.
   */
  rootsOfDeleted(deletes: readonly [number, number, number][], into: Set<string>): void {
    for (const { item } of this.itemsDeleted(deletes)) {
      into.add(rootOf(this.placeOfType(item.parent as Y.AbstractType<unknown>)));
    }
  }

  /** Whether this update's own delete set removes the whole struct (its text then counts for nothing). */
  deletedInUpdate(s: StructSummary): boolean {
    const list = this.deletesByClient.get(s.client);
    if (!list) return false;
    // The last range starting at or before the struct (yjs merges adjacent ranges of one client).
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]![0] <= s.clock) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found === -1) return false;
    const [clock, len] = list[found]!;
    return clock + len >= s.clock + s.length;
  }
}

function kindOfType(type: Y.AbstractType<unknown>): Extract<Place, { kind: 'type' }>['t'] {
  if (type instanceof Y.XmlElement) return 'xmlElement';
  if (type instanceof Y.XmlHook) return 'xmlHook';
  if (type instanceof Y.XmlFragment) return 'xmlFragment';
  if (type instanceof Y.XmlText) return 'xmlText';
  if (type instanceof Y.Text) return 'text';
  if (type instanceof Y.Map) return 'map';
  if (type instanceof Y.Array) return 'array';
  return 'other';
}

/**
 * What a run of text counts towards (C-SCHEMA-3): a section's text by its top-level name, a short
 * field's (issue 17 item 1) by the Y.Text that holds it, since a field replaced by a new Y.Text
 * starts again from nothing.
 */
export function sizeKey(place: Extract<Place, { kind: 'type' }>): string {
  return place.t === 'text' ? `text:${place.key}` : place.root;
}

/** The top-level type a place is in ('' when it has none: gone, or not a type). */
export function rootOf(place: Place): string {
  if (place.kind === 'root') return place.name;
  return place.kind === 'type' ? place.root : '';
}
