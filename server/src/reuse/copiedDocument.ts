import { EVIDENCE_MAP, type ItemCollection, isItemId, sectionFragmentName, TESTIMONIALS_MAP } from '@jointly/shared';
import * as Y from 'yjs';

/** What to copy: target section → source section, which items, and the new id of each file they cite. */
export type CopyPlan = {
  /** Target section id → source section id (target sections absent here are left empty). */
  sections: ReadonlyMap<string, string>;
  /** Item ids to carry, in the order they get their new exhibit labels. */
  items: readonly { collection: ItemCollection; itemId: string }[];
  /** Source file id → the new entry's file id. A file not in it is left out of the item (never happens: the service maps every cited file). */
  files: ReadonlyMap<string, string>;
};

/** The new document and what it holds, for the contribution the server records. */
export type CopiedDocument = {
  doc: Y.Doc;
  /** Target sections that received text. */
  sections: string[];
  items: { collection: ItemCollection; itemId: string }[];
};

/** The section's fragment in a document read from the store, or null when it is absent or not a fragment. */
function fragmentOf(doc: Y.Doc, sectionId: string): Y.XmlFragment | null {
  const name = sectionFragmentName(sectionId);
  if (!doc.share.has(name)) return null;
  try {
    return doc.getXmlFragment(name);
  } catch {
    return null; // defined as another type by a malformed document: nothing to copy
  }
}

function itemMapOf(doc: Y.Doc, collection: ItemCollection): Y.Map<unknown> | null {
  if (!doc.share.has(collection)) return null;
  try {
    return doc.getMap(collection);
  } catch {
    return null;
  }
}

/** The file ids an item cites: an evidence item's `files`, a testimonial's consent `forms`. */
export function fileIdsOf(collection: ItemCollection, fields: Record<string, unknown>): string[] {
  const list =
    collection === EVIDENCE_MAP
      ? fields.files
      : fields.consent !== null && typeof fields.consent === 'object'
        ? (fields.consent as Record<string, unknown>).forms
        : undefined;
  return Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [];
}

/** The item's fields as plain values, or null when it is not an item map. */
export function plainItem(doc: Y.Doc, collection: ItemCollection, itemId: string): Record<string, unknown> | null {
  const value = itemMapOf(doc, collection)?.get(itemId);
  return value instanceof Y.Map ? (value.toJSON() as Record<string, unknown>) : null;
}

/** Every item of the source document, both collections. */
export function itemIdsOf(doc: Y.Doc): { collection: ItemCollection; itemId: string }[] {
  const found: { collection: ItemCollection; itemId: string }[] = [];
  for (const collection of [TESTIMONIALS_MAP, EVIDENCE_MAP] as const) {
    const map = itemMapOf(doc, collection);
    if (!map) continue;
    for (const [itemId, value] of map.entries()) {
      if (isItemId(itemId) && value instanceof Y.Map) found.push({ collection, itemId });
    }
  }
  return found;
}

/**
 * Builds the new entry's document from the source's (issue 17 item 3), in one transaction of a
 * fresh Y.Doc whose bytes the server then stores as the entry's first update:
 * - each mapped section's rich text is cloned whole (never trimmed to the new word limit: the
 *   word count shows it over, and nothing is lost silently); citation chips keep their item ids,
 *   so a citation of an item not carried is flagged by the checks as citing nothing;
 * - each carried item keeps its id (so citations still point at it) and its fields, with
 *   `sectionIds` translated to the target sections mapped from them and file ids to the copies.
 */
export function buildCopiedDocument(source: Y.Doc, plan: CopyPlan): CopiedDocument {
  const doc = new Y.Doc();
  const sections: string[] = [];
  const items: { collection: ItemCollection; itemId: string }[] = [];
  // Source section → the target sections that take it (one source may feed several targets).
  const targetsOf = new Map<string, string[]>();
  for (const [target, sourceSection] of plan.sections) {
    targetsOf.set(sourceSection, [...(targetsOf.get(sourceSection) ?? []), target]);
  }
  doc.transact(() => {
    for (const [target, sourceSection] of plan.sections) {
      const from = fragmentOf(source, sourceSection);
      if (!from || from.length === 0) continue;
      const clones = from.toArray().map((node) => node.clone());
      doc.getXmlFragment(sectionFragmentName(target)).insert(0, clones as (Y.XmlElement | Y.XmlText)[]);
      sections.push(target);
    }
    for (const { collection, itemId } of plan.items) {
      const fields = plainItem(source, collection, itemId);
      if (!fields) continue;
      const copied: Record<string, unknown> = { ...fields };
      const sourceSections = Array.isArray(fields.sectionIds) ? fields.sectionIds : [];
      copied.sectionIds = [...new Set(sourceSections.flatMap((id) => targetsOf.get(String(id)) ?? []))];
      const mapFiles = (ids: unknown) =>
        Array.isArray(ids) ? ids.flatMap((id) => (typeof id === 'string' && plan.files.get(id)) || []) : ids;
      if (collection === EVIDENCE_MAP) copied.files = mapFiles(fields.files);
      else if (copied.consent !== null && typeof copied.consent === 'object') {
        const consent = { ...(copied.consent as Record<string, unknown>) };
        if ('forms' in consent) consent.forms = mapFiles(consent.forms);
        copied.consent = consent;
      }
      const item = new Y.Map<unknown>();
      doc.getMap(collection).set(itemId, item);
      for (const [key, value] of Object.entries(copied)) if (value !== undefined) item.set(key, value);
      items.push({ collection, itemId });
    }
  });
  return { doc, sections, items };
}
