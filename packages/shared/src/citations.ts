import * as Y from 'yjs';
import { isItemId } from './documentItems.ts';
import { contentDelta, sectionFragmentIn, xmlChildren } from './documentRead.ts';
import { CITATION_ATOM_TEXT, findTypedReferences } from './typedCitations.ts';

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
 * Exhibit label → item id, for every label the server assigned (those of
 * deleted items too, so a typed "see E7" after E7 was deleted reads as a
 * citation of a deleted item, as its chip would).
 */
export type ExhibitLabelIndex = ReadonlyMap<string, string>;

/** The label index of the server's item provenance (ItemProvenanceDto: itemId, label). */
export function exhibitLabelIndex(items: Iterable<{ itemId: string; label: string | null }>): Map<string, string> {
  const index = new Map<string, string>();
  for (const item of items) if (item.label) index.set(item.label, item.itemId);
  return index;
}

/**
 * How a typed reference to a label no item has is listed among a section's
 * citations: never an item id (item ids hold no colon), so it counts for
 * nothing and checkCitations reports it as a citation of a missing exhibit.
 */
const UNKNOWN_LABEL_PREFIX = 'label:';

/** The label of a listed citation that is a typed reference to no item, or null. */
export function unknownLabelOf(citation: string): string | null {
  return citation.startsWith(UNKNOWN_LABEL_PREFIX) ? citation.slice(UNKNOWN_LABEL_PREFIX.length) : null;
}

export { CITATION_ATOM_TEXT };

/**
 * The item ids cited in a section's text, in order of first citation. A
 * citation with an invalid id is listed as '' (it cites nothing that exists).
 *
 * With the entry's exhibit labels, references typed or pasted as text ("see
 * E4", "(E4)", "E4–E6", "E4, E5": typedCitations.ts) count too, mapped to the
 * item that has the label; one to a label no item has is listed so that
 * unknownLabelOf gives its label. Without labels (not known yet) typed
 * references are not read, so nothing is flagged before the labels arrive.
 */
export function sectionCitations(
  fragment: Y.XmlFragment | Y.XmlElement,
  labels: ExhibitLabelIndex | null = null,
): string[] {
  const found: string[] = [];
  const add = (citation: string) => {
    if (!found.includes(citation)) found.push(citation);
  };
  const walk = (node: Y.XmlFragment | Y.XmlElement, depth: number) => {
    // This node's own text, chips in place, to read typed references in; chips and references in text order.
    let text = '';
    const cited: { at: number; citation: string }[] = [];
    for (const child of xmlChildren(node, depth)) {
      if (child instanceof Y.XmlText) {
        for (const op of contentDelta(child)) {
          text += typeof op.insert === 'string' ? op.insert : CITATION_ATOM_TEXT;
        }
      } else if (child.nodeName === CITATION_NODE) {
        cited.push({ at: text.length, citation: citationItemId(child) ?? '' });
        text += CITATION_ATOM_TEXT;
      } else {
        text += '\n';
        walk(child, depth + 1);
      }
    }
    if (labels) {
      for (const reference of findTypedReferences(text)) {
        const itemId = labels.get(reference.label);
        cited.push({ at: reference.start, citation: itemId ?? `${UNKNOWN_LABEL_PREFIX}${reference.label}` });
      }
    }
    for (const { citation } of cited.sort((a, b) => a.at - b.at)) add(citation);
  };
  walk(fragment, 0);
  return found;
}

/** Section id → its citations (sectionCitations) for each of the entry's sections; an absent section cites nothing. */
export function entryCitations(
  doc: Y.Doc,
  sectionIds: readonly string[],
  labels: ExhibitLabelIndex | null,
): Record<string, string[]> {
  const citations: Record<string, string[]> = {};
  for (const sectionId of sectionIds) {
    const fragment = sectionFragmentIn(doc, sectionId);
    citations[sectionId] = fragment ? sectionCitations(fragment, labels) : [];
  }
  return citations;
}

export type BrokenCitation = {
  sectionId: string;
  /** '' when the citation's id was not a valid item id at all, or it is a typed label no item has. */
  itemId: string;
  /** The label a typed reference to no item used ("see E9"). */
  label?: string;
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
 * Checks citations against the items: a citation (chip or typed reference)
 * of a missing or deleted item, or a typed reference to a label no item has,
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
      const label = unknownLabelOf(itemId);
      if (label !== null) broken.push({ sectionId, itemId: '', label, reason: 'missing' });
      else if (live.has(itemId)) cited.add(itemId);
      else broken.push({ sectionId, itemId, reason: deleted.has(itemId) ? 'deleted' : 'missing' });
    }
  }
  const uncited = [...live].filter((id) => !cited.has(id));
  return { broken, uncited };
}
