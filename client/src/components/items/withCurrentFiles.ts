import {
  type EvidenceFields,
  emptyEvidence,
  readEvidenceFields,
  readTestimonialFields,
  type TestimonialFields,
} from '@jointly/shared';
import type * as Y from 'yjs';

/**
 * What an item form saves, with the item's attached files as the document
 * holds them now. The forms do not edit files (the item card does, issue 13):
 * an evidence item's `files` is left out of what is written, and a consent
 * record, which is written whole, keeps the signed forms it holds, so saving a
 * form opened before an upload never undoes it. `itemId` null: a new item,
 * with no files yet.
 */
export function withCurrentFiles(
  collection: Y.Map<unknown>,
  itemId: string | null,
  fields: TestimonialFields | Omit<EvidenceFields, 'files'>,
): TestimonialFields | EvidenceFields {
  const stored = itemId === null ? undefined : collection.get(itemId);
  if (!('quote' in fields)) {
    const { files: _files, ...rest } = fields as Omit<EvidenceFields, 'files'> & { files?: string[] };
    return { ...emptyEvidence(), ...rest, files: readEvidenceFields(stored).files };
  }
  const forms = readTestimonialFields(stored).consent?.forms ?? [];
  if (fields.consent !== null) return { ...fields, consent: { ...fields.consent, forms } };
  if (forms.length === 0) return fields;
  // Everything else about consent was cleared, but signed forms are still attached: keep them.
  return { ...fields, consent: { obtained: false, date: '', howRecorded: '', uses: [], forms } };
}
