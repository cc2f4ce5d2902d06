import { DELETION_MARK, isSuggestionKind, type SuggestionKind, sectionIdOf, suggestionIdOf } from '@jointly/shared';
import * as Y from 'yjs';

/** A suggestion mark one transaction wrote: its id, kind and section. */
export type SuggestionMarkWritten = {
  suggestionId: string;
  kind: SuggestionKind;
  sectionId: string;
  /** Yjs client ids of the text the suggestion changes (who is told of it), a few at most. */
  textClientIds: number[];
};

/** Items looked at to find whose text a suggestion changes: enough for a paragraph, bounded for any document. */
const TEXT_SCAN_ITEMS = 400;
const TEXT_CLIENTS_MAX = 20;

/**
 * Whose text a suggestion mark changes: for a deletion, the writers of the text
 * the mark covers (up to where it ends); for an insertion, the writers of the
 * other text of its paragraph.
 */
function textClientsOf(mark: Y.Item, kind: SuggestionKind): number[] {
  const clients = new Set<number>();
  let item: Y.Item | null =
    kind === DELETION_MARK ? mark.right : ((mark.parent as Y.AbstractType<unknown>)._start ?? null);
  for (let seen = 0; item !== null && seen < TEXT_SCAN_ITEMS && clients.size < TEXT_CLIENTS_MAX; seen++) {
    if (kind === DELETION_MARK && item.content instanceof Y.ContentFormat && item.content.key === DELETION_MARK) break;
    if (!item.deleted && item.content instanceof Y.ContentString && item.id.client !== mark.id.client) {
      clients.add(item.id.client);
    }
    item = item.right;
  }
  return [...clients];
}

/** The top-level name of the type an item sits in, or null. */
function rootNameOf(doc: Y.Doc, item: Y.Item): string | null {
  let type = item.parent;
  while (type instanceof Y.AbstractType && type._item !== null) type = type._item.parent;
  if (!(type instanceof Y.AbstractType)) return null;
  for (const [name, shared] of doc.share) if (shared === type) return name;
  return null;
}

/**
 * The suggestion marks (`insertion`/`deletion` formatting with an id) a
 * transaction newly wrote into a section, read from the items it integrated.
 * Every new item carries its writer's Yjs client id, which the server bound to
 * the connection that sent it (C-CLIENT-*), so these are the writer's marks
 * (C-SUGGEST-1). Call it while the transaction is current (the doc's `update`).
 */
export function suggestionMarksWritten(doc: Y.Doc, transaction: Y.Transaction): SuggestionMarkWritten[] {
  const found = new Map<string, SuggestionMarkWritten>();
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]!;
      if (struct.id.clock >= after) break;
      // Format items never merge with neighbours, so a new one starts at or after `before`.
      if (!(struct instanceof Y.Item) || struct.id.clock < before || !(struct.content instanceof Y.ContentFormat)) {
        continue;
      }
      const { key, value } = struct.content;
      if (!isSuggestionKind(key)) continue;
      const suggestionId = suggestionIdOf(value);
      if (suggestionId === null) continue;
      const name = rootNameOf(doc, struct);
      const sectionId = name === null ? null : sectionIdOf(name);
      if (sectionId === null) continue;
      const known = found.get(`${key}\u0000${suggestionId}`);
      const textClientIds = [...new Set([...(known?.textClientIds ?? []), ...textClientsOf(struct, key)])];
      found.set(`${key}\u0000${suggestionId}`, {
        suggestionId,
        kind: key,
        sectionId,
        textClientIds: textClientIds.slice(0, TEXT_CLIENTS_MAX),
      });
    }
  }
  return [...found.values()];
}
