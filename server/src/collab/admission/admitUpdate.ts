import {
  ITEMS_PER_COLLECTION_MAX,
  isItemCollection,
  sectionCharCount,
  sectionCharLimit,
  sectionIdOf,
} from '@jointly/shared';
import * as Y from 'yjs';
import { checkPlacement, type Place } from './checkPlacement.ts';
import { conflictScanSteps, SplitPoints } from './conflictScanSteps.ts';
import { shortFieldCharLimit } from './EntryLayout.ts';
import { inUpdateScanBound } from './inUpdateScanBound.ts';
import { holdsInDoc, rootOf, sizeKey, UpdateLookup } from './UpdateLookup.ts';
import type { IdPair, StructSummary, UpdateSummary } from './updateSummary.ts';

/**
 * C-SCHEMA-1 … C-SCHEMA-6 (server/COLLAB_PROTOCOL.md): whether an update may be
 * applied to the room's document, judged before `Y.applyUpdate` from the
 * update's summary and the document alone. Everything here is O(structs ×
 * log(document)) plus a bounded walk, so judging costs no more than the
 * update's size; what it admits integrates in bounded time and leaves the
 * document inside the schema (packages/shared/src/documentSchema.ts).
 *
 * Read beside yjs' `Item.integrate` and `readUpdateV2`: an update whose
 * structs start past what the document holds, or hang from ids nobody sent,
 * is kept by yjs as "pending" and re-tried on every later update (finding 1
 * of issue 10: seconds per update); an item placed between two ids far
 * apart makes yjs scan every item between them (finding 2). A real editor
 * never sends either: it writes under its own id, from what it has.
 */

export type AdmissionLimits = {
  /** Structs (items and GCs) one update may carry. */
  structsMax: number;
  /** Delete-set ranges one update may carry. */
  deleteRangesMax: number;
  /**
   * Bound on yjs' walks among one update's own items (inUpdateScanBound.ts) under which it is applied
   * without measuring; above it, a worker measures the apply first (C-SCHEMA-4).
   */
  inUpdateScanStepsMax: number;
  /** Yjs client ids one update may introduce (an editor uses one per session). */
  newClientsMax: number;
  /** Items yjs may step over, in all, to place the update's items among the document's (conflictScanSteps.ts). */
  scanStepsMax: number;
  /**
   * Items yjs may step over to place any one item. Bounds what accumulates at one place over many
   * updates, so a document loads in time linear in its size, whatever was written to it.
   */
  itemScanStepsMax: number;
};

export type AdmissionInput = {
  doc: Y.Doc;
  summary: UpdateSummary;
  /** The entry's sections and their word limits; null accepts any well-formed section id (tests). */
  sections: ReadonlyMap<string, number | null> | null;
  limits: AdmissionLimits;
  /** A worker applied this update to a copy of the document in little time (C-SCHEMA-4). */
  inUpdateMeasured?: boolean;
};

/**
 * `inUpdateSteps` bounds yjs' walks among the update's own items (inUpdateScanBound.ts). Over
 * `limits.inUpdateScanStepsMax` the bound proves nothing: the room then measures the apply in
 * a worker (C-SCHEMA-4) and passes `inUpdateMeasured` when it took little time.
 */
export type Admission =
  | {
      ok: true;
      inUpdateSteps: number;
      /**
       * The top-level types the update writes in or deletes from ('' for a place yjs drops): who
       * may write where is judged from them (the finalist outline, C-WRITE-5).
       */
      roots: ReadonlySet<string>;
    }
  | { ok: false; rule: string; message: string };

const SECTION_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

const refuse = (rule: string, message: string): Admission => ({ ok: false, rule, message });

export function admitUpdate({ doc, summary, sections, limits, inUpdateMeasured = false }: AdmissionInput): Admission {
  const { structs, deletes } = summary;
  if (summary.clientCount !== undefined) {
    return refuse('C-SCHEMA-1', `${summary.clientCount} client ids in one update`);
  }
  if (structs.length > limits.structsMax) {
    return refuse('C-SCHEMA-5', `${structs.length} structs in one update (at most ${limits.structsMax})`);
  }
  if (deletes.length > limits.deleteRangesMax) {
    return refuse('C-SCHEMA-5', `${deletes.length} delete ranges in one update (at most ${limits.deleteRangesMax})`);
  }

  // C-SCHEMA-1: no gaps. Each client's structs continue from what the document holds.
  const byClient = new Map<number, StructSummary[]>();
  for (const s of structs) {
    const list = byClient.get(s.client);
    if (list) list.push(s);
    else byClient.set(s.client, [s]);
  }
  const knownAfter = new Map<number, number>();
  let newClients = 0;
  for (const [client, list] of byClient) {
    list.sort((a, b) => a.clock - b.clock);
    const state = Y.getState(doc.store, client);
    if (state === 0) newClients++;
    let known = state;
    for (const s of list) {
      if (s.clock > known) {
        return refuse(
          'C-SCHEMA-1',
          `structs of client ${client} start at ${s.clock}, past the ${known} the document holds`,
        );
      }
      known = Math.max(known, s.clock + s.length);
    }
    knownAfter.set(client, known);
  }
  if (newClients > limits.newClientsMax) {
    return refuse('C-SCHEMA-1', `${newClients} new client ids in one update (at most ${limits.newClientsMax})`);
  }
  const holds = (id: IdPair): boolean => id[1] < (knownAfter.get(id[0]) ?? Y.getState(doc.store, id[0]));

  // C-SCHEMA-1: deletions only of what exists (a range past it would delete what someone writes next).
  for (const [client, clock, len] of deletes) {
    if (clock + len > (knownAfter.get(client) ?? Y.getState(doc.store, client))) {
      return refuse('C-SCHEMA-1', `deletes client ${client} up to ${clock + len}, past what exists`);
    }
  }

  const lookup = new UpdateLookup(doc, byClient, deletes);
  const splits = new SplitPoints(
    structs.filter((s) => !s.gc && s.clock + s.length > Y.getState(doc.store, s.client)),
    holdsInDoc(doc),
  );
  const added = new Map<string, number>();
  const shortFieldTexts = new Map<string, Extract<Place, { kind: 'type' }>>();
  const newKeys = new Map<string, Set<string>>();
  let scanBudget = limits.scanStepsMax;
  const newItems: StructSummary[] = [];
  const roots = new Set<string>();
  for (const s of structs) {
    const state = Y.getState(doc.store, s.client);
    if (s.clock + s.length <= state || s.gc) continue; // already held, or a GC (no content, no position)
    newItems.push(s);
    // C-SCHEMA-1: every id it hangs from exists, in the document or earlier in this update.
    for (const ref of [s.origin, s.right, Array.isArray(s.parent) ? (s.parent as IdPair) : null]) {
      if (ref !== null && !holds(ref)) {
        return refuse('C-SCHEMA-1', `a struct of client ${s.client} refers to ${ref[0]}:${ref[1]}, which nobody sent`);
      }
    }
    const resolved = lookup.placeOf(s);
    if (resolved === 'invalid') return refuse('C-SCHEMA-2', 'a struct hangs from something that is not a shared type');
    const { place, parentSub } = resolved;
    roots.add(rootOf(place));
    const problem = checkPlacement(place, parentSub, s.content, sections, SECTION_ID_PATTERN);
    if (problem !== null) return refuse('C-SCHEMA-2', problem);

    // C-SCHEMA-3 sizes: text per section, items per collection.
    if (place.kind === 'type' && s.content.k === 'string' && !lookup.deletedInUpdate(s)) {
      const key = sizeKey(place);
      added.set(key, (added.get(key) ?? 0) + s.content.n);
      if (place.t === 'text') shortFieldTexts.set(key, place);
    }
    if (place.kind === 'root' && isItemCollection(place.name) && parentSub !== null && s.content.k === 'type') {
      const keys = newKeys.get(place.name) ?? new Set<string>();
      keys.add(parentSub);
      newKeys.set(place.name, keys);
    }

    // C-SCHEMA-4: yjs' conflict scan for this item, where it runs over the document's items.
    if (place.kind !== 'gone') {
      const budget = Math.min(scanBudget, limits.itemScanStepsMax);
      const steps = conflictScanSteps(doc, s, lookup.docTypeOf(place), holdsInDoc(doc), splits, budget);
      if (steps > limits.itemScanStepsMax) {
        return refuse('C-SCHEMA-4', `placing one item would step over more than ${limits.itemScanStepsMax} items`);
      }
      scanBudget -= steps;
      if (scanBudget < 0) {
        return refuse(
          'C-SCHEMA-4',
          `placing the update's items would step over more than ${limits.scanStepsMax} items`,
        );
      }
    }
  }

  // C-SCHEMA-4: and among the update's own items.
  const inUpdate = inUpdateScanBound(
    newItems,
    (id) => lookup.structAt(id),
    (s) => {
      const resolved = lookup.placeOf(s);
      return resolved === 'invalid' ? null : resolved.place;
    },
  );
  if (inUpdate > limits.inUpdateScanStepsMax && !inUpdateMeasured) {
    return refuse('C-SCHEMA-4', `placing the update's items among each other could take ${inUpdate} steps`);
  }

  // The section as it will be: what the update adds, less what it deletes there (typing over a
  // selection, or a paragraph split, at the limit stays at the limit).
  const removed = added.size > 0 ? lookup.deletedTextBySection(deletes) : new Map<string, number>();
  for (const [root, chars] of added) {
    const net = chars - (removed.get(root) ?? 0);
    if (net <= 0) continue;
    const field = shortFieldTexts.get(root);
    if (field !== undefined) {
      const problem = shortFieldSizeProblem(field, net, sections);
      if (problem !== null) return refuse('C-SCHEMA-3', problem);
      continue;
    }
    const sectionId = sectionIdOf(root) ?? '';
    const limit = sectionCharLimit(sections?.get(sectionId) ?? null);
    const current = sectionCharCount(doc.getXmlFragment(root));
    if (current + net > limit) {
      return refuse('C-SCHEMA-3', `section ${sectionId} would hold ${current + net} characters (at most ${limit})`);
    }
  }
  for (const [name, keys] of newKeys) {
    const collection = doc.getMap(name);
    let count = 0;
    for (const value of collection.values()) if (value instanceof Y.Map) count++;
    for (const key of keys) if (!collection.has(key)) count++;
    if (count > ITEMS_PER_COLLECTION_MAX) {
      return refuse('C-SCHEMA-3', `${name} would hold ${count} items (at most ${ITEMS_PER_COLLECTION_MAX})`);
    }
  }
  lookup.rootsOfDeleted(deletes, roots);
  return { ok: true, inUpdateSteps: inUpdate, roots };
}

/** C-SCHEMA-3 for a short field (issue 17 item 1): its text as it will be within the declared limit. */
function shortFieldSizeProblem(
  place: Extract<Place, { kind: 'type' }>,
  net: number,
  sections: ReadonlyMap<string, number | null> | null,
): string | null {
  const limit = shortFieldCharLimit(sections, place.rootKey) ?? 0;
  const current = place.docType instanceof Y.Text ? place.docType.length : 0;
  if (current + net <= limit) return null;
  return `short field ${place.rootKey} would hold ${current + net} characters (at most ${limit})`;
}
