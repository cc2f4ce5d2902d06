import { EVIDENCE_MAP, readEvidenceFields, readTestimonialFields, TESTIMONIALS_MAP, updateItem } from '@jointly/shared';
import type * as Y from 'yjs';

/**
 * Changes an item's attached files in the shared document: an evidence
 * item's `files`, or a testimonial consent record's `forms`. `edit` gets the
 * list as the document holds it at this moment (not as the page last drew
 * it), so uploads finishing together each add their file. Written through
 * updateItem like any field edit, so the server attributes it. False when
 * the item is gone.
 */
export function editItemFiles(
  doc: Y.Doc,
  collection: 'testimonials' | 'evidence',
  itemId: string,
  edit: (ids: readonly string[]) => string[],
): boolean {
  if (collection === 'evidence') {
    const map = doc.getMap<unknown>(EVIDENCE_MAP);
    return updateItem(map, itemId, { files: edit(readEvidenceFields(map.get(itemId)).files) });
  }
  const map = doc.getMap<unknown>(TESTIMONIALS_MAP);
  const consent = readTestimonialFields(map.get(itemId)).consent ?? {
    obtained: false,
    date: '',
    howRecorded: '',
    uses: [],
    forms: [],
  };
  return updateItem(map, itemId, { consent: { ...consent, forms: edit(consent.forms ?? []) } });
}
