import { ERASED_PLACEHOLDER, TESTIMONIAL_PERSONAL_FIELDS, TESTIMONIALS_MAP } from '@jointly/shared';
import * as Y from 'yjs';

/** What one testimonial's redaction removed: field paths, its consent record and the files it cited. */
export type TestimonialRedaction = {
  fields: string[];
  consentRecordId: string | null;
  fileIds: string[];
};

/**
 * The redacted value of each personal field of a testimonial given as plain
 * fields (an item map's JSON, or a library item's): text becomes the visible
 * placeholder, the consent's free text too, its forms (the signed consent
 * forms, files naming the person) are dropped. Returns the changes to make,
 * by key, and what they remove; nothing for a field already empty.
 */
export function redactedFields(fields: Readonly<Record<string, unknown>>): {
  changes: Record<string, unknown>;
  redaction: TestimonialRedaction;
} {
  const changes: Record<string, unknown> = {};
  const paths: string[] = [];
  for (const key of TESTIMONIAL_PERSONAL_FIELDS) {
    const value = fields[key];
    if (typeof value === 'string' && value !== '' && value !== ERASED_PLACEHOLDER) {
      changes[key] = ERASED_PLACEHOLDER;
      paths.push(key);
    }
  }
  const fileIds: string[] = [];
  const consent = fields.consent;
  if (consent !== null && typeof consent === 'object' && !Array.isArray(consent)) {
    const next: Record<string, unknown> = { ...(consent as Record<string, unknown>) };
    let changed = false;
    if (typeof next.howRecorded === 'string' && next.howRecorded !== '' && next.howRecorded !== ERASED_PLACEHOLDER) {
      next.howRecorded = ERASED_PLACEHOLDER;
      paths.push('consent.howRecorded');
      changed = true;
    }
    if (Array.isArray(next.forms) && next.forms.length > 0) {
      for (const id of next.forms) if (typeof id === 'string') fileIds.push(id);
      next.forms = [];
      paths.push('consent.forms');
      changed = true;
    }
    if (changed) changes.consent = next;
  }
  const recordId = fields.consentRecordId;
  return {
    changes,
    redaction: { fields: paths, consentRecordId: typeof recordId === 'string' ? recordId : null, fileIds },
  };
}

/** The testimonial's item map in `doc`, or null when the document has no such testimonial. */
export function testimonialMap(doc: Y.Doc, itemId: string): Y.Map<unknown> | null {
  const item = doc.getMap<unknown>(TESTIMONIALS_MAP).get(itemId);
  return item instanceof Y.Map ? item : null;
}

/**
 * Redacts one testimonial of `doc` in place: each personal field is set
 * anew (Yjs deletes the old value's item; with `gc` on, the document then
 * holds no trace of its content, so its next encoding drops the text). The
 * caller runs it in a transaction of its choosing. Null when `doc` has no
 * such testimonial (a version submitted before it was written).
 */
export function redactTestimonial(doc: Y.Doc, itemId: string): TestimonialRedaction | null {
  const item = testimonialMap(doc, itemId);
  if (!item) return null;
  const { changes, redaction } = redactedFields(item.toJSON() as Record<string, unknown>);
  for (const [key, value] of Object.entries(changes)) item.set(key, value);
  return redaction;
}
