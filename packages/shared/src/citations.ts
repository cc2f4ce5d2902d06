import * as Y from 'yjs';
import { isItemId } from './documentItems.ts';
import { xmlChildren } from './documentRead.ts';

/**
 * Citations of exhibits in section text (PRODUCT §3 journey 5): an inline
 * atom node `citation` with one attribute, `itemId`, stored in the section's
 * `Y.XmlFragment` as a `Y.XmlElement('citation')`. It shows as "see E3", with
 * the item's current exhibit label.
 */
export const CITATION_NODE = 'citation';
export const CITATION_ITEM_ID_ATTRIBUTE = 'itemId';
/** The HTML attribute a citation is written to and read back from (copy and paste). */
export const CITATION_HTML_ATTRIBUTE = 'data-item-id';
/** What a citation reads as in plain text and word counts, whatever the label ("see E3": two words). */
export const CITATION_PLAIN_TEXT = 'see exhibit';

/** The item id a citation element points at, or null when it is not a valid id. */
export function citationItemId(element: Y.XmlElement): string | null {
  const value = element.getAttribute(CITATION_ITEM_ID_ATTRIBUTE) as unknown;
  return isItemId(value) ? value : null;
}

/**
 * The item ids cited in a section's text, in order of first citation. A
 * citation with an invalid id is listed as '' (it cites nothing that exists).
 */
export function sectionCitations(fragment: Y.XmlFragment | Y.XmlElement): string[] {
  const found: string[] = [];
  const walk = (node: Y.XmlFragment | Y.XmlElement, depth: number) => {
    for (const child of xmlChildren(node, depth)) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === CITATION_NODE) {
        const id = citationItemId(child) ?? '';
        if (!found.includes(id)) found.push(id);
      } else {
        walk(child, depth + 1);
      }
    }
  };
  walk(fragment, 0);
  return found;
}

export type BrokenCitation = {
  sectionId: string;
  /** '' when the citation's id was not a valid item id at all. */
  itemId: string;
  /** deleted: the item existed and was removed; missing: no such item is known. */
  reason: 'deleted' | 'missing';
};

export type CitationReport = {
  /** Citations of items that do not exist (now). */
  broken: BrokenCitation[];
  /** Live items that no section's text cites. */
  uncited: string[];
};

/**
 * Checks citations against the items: a citation of a missing or deleted item
 * is broken; an item cited nowhere is uncited.
 */
export function checkCitations(input: {
  /** Section id → item ids cited in its text (see sectionCitations). */
  citations: Readonly<Record<string, readonly string[]>>;
  /** Ids of the items in the document now. */
  itemIds: Iterable<string>;
  /** Ids the server knows were deleted (from provenance), to tell "deleted" from "missing". */
  deletedItemIds?: Iterable<string>;
}): CitationReport {
  const live = new Set(input.itemIds);
  const deleted = new Set(input.deletedItemIds ?? []);
  const cited = new Set<string>();
  const broken: BrokenCitation[] = [];
  for (const [sectionId, itemIds] of Object.entries(input.citations)) {
    for (const itemId of itemIds) {
      if (live.has(itemId)) cited.add(itemId);
      else broken.push({ sectionId, itemId, reason: deleted.has(itemId) ? 'deleted' : 'missing' });
    }
  }
  const uncited = [...live].filter((id) => !cited.has(id));
  return { broken, uncited };
}
