import {
  EVIDENCE_MAP,
  readEvidence,
  readTestimonials,
  type SubjectAccessExportDto,
  TESTIMONIALS_MAP,
} from '@jointly/shared';
import type { DocumentSource } from '../documents/documentReader.ts';

type ItemPart = Pick<SubjectAccessExportDto, 'itemsCreated' | 'testimonialsNamingYou'>;

/** Lower case, spacing collapsed: "Ann  Jones" names the account "ann jones". */
const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The items the person created, as they read now, and the testimonials naming them, from the live
 * documents of entries they are still a member of (at most `maxEntries`: each is a document read).
 * Who created an item comes from the contribution log (readEntryData), never from the document.
 */
export async function readItemData(
  documents: DocumentSource,
  input: {
    name: string;
    /** Entries the person is a member of, oldest membership first. */
    entryIds: string[];
    contributions: SubjectAccessExportDto['contributions'];
    maxEntries: number;
  },
): Promise<ItemPart & { cutShort: boolean }> {
  const created = new Map<string, Set<string>>();
  const labels = new Map<string, string | null>();
  for (const entry of input.contributions) {
    for (const item of entry.items) {
      labels.set(`${entry.entryId}\n${item.itemId}`, item.label);
      if (item.action !== 'created') continue;
      const ids = created.get(entry.entryId) ?? new Set<string>();
      ids.add(item.itemId);
      created.set(entry.entryId, ids);
    }
  }
  const me = nameKey(input.name);
  const result: ItemPart = { itemsCreated: [], testimonialsNamingYou: [] };
  const entryIds = input.entryIds.slice(0, input.maxEntries);
  for (const entryId of entryIds) {
    const mine = created.get(entryId) ?? new Set<string>();
    const { testimonials, evidence } = await documents.readDocument(entryId, (doc) => ({
      testimonials: readTestimonials(doc.getMap(TESTIMONIALS_MAP)),
      evidence: readEvidence(doc.getMap(EVIDENCE_MAP)),
    }));
    const label = (itemId: string) => labels.get(`${entryId}\n${itemId}`) ?? null;
    for (const { id, ...fields } of testimonials) {
      if (mine.has(id)) {
        result.itemsCreated.push({ entryId, itemId: id, label: label(id), collection: 'testimonials', fields });
      }
      if (me.length > 0 && nameKey(fields.personName) === me) {
        result.testimonialsNamingYou.push({ entryId, itemId: id, label: label(id), fields });
      }
    }
    for (const { id, ...fields } of evidence) {
      if (mine.has(id)) {
        result.itemsCreated.push({ entryId, itemId: id, label: label(id), collection: 'evidence', fields });
      }
    }
  }
  return { ...result, cutShort: input.entryIds.length > entryIds.length };
}
