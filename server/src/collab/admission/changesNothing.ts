import * as Y from 'yjs';
import { clientRanges, type UpdateSummary } from './updateSummary.ts';

/** Structs a check may look at before it answers "it changes something" (a bound on a hostile update's cost). */
export const CHANGES_NOTHING_MAX_STRUCTS = 100_000;

/**
 * Whether applying an update would leave the document as it is: every struct it carries is
 * already there and everything it deletes is already deleted. A page's answer to the server's
 * SyncStep1 is such an update whenever the page holds nothing the server lacks (its delete set
 * names everything it ever saw deleted), so a connection that may not write can still be told
 * its copy is saved (C-WRITE-6). Documents only grow and deletions stay, so the answer holds
 * for the document at any later moment too.
 */
export function changesNothing(doc: Y.Doc, summary: UpdateSummary, maxStructs = CHANGES_NOTHING_MAX_STRUCTS): boolean {
  if (summary.clientCount !== undefined) return false;
  for (const range of clientRanges(summary)) {
    if (range.end > Y.getState(doc.store, range.client)) return false;
  }
  let budget = maxStructs;
  for (const [client, clock, length] of summary.deletes) {
    if (length <= 0) continue;
    const structs = doc.store.clients.get(client);
    if (!structs || clock + length > Y.getState(doc.store, client)) return false;
    for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
      const struct = structs[i]!;
      if (struct.id.clock >= clock + length) break;
      if (--budget < 0 || !struct.deleted) return false;
    }
  }
  return true;
}
