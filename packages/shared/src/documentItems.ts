import * as Y from 'yjs';
import { z } from 'zod';
import { itemMaps, plainItemFields } from './documentRead.ts';
import { FILE_ID_PATTERN, FILES_PER_ITEM_MAX } from './evidenceFiles.ts';

/**
 * The testimonial and evidence items of an entry's Yjs document (PRODUCT §5):
 * the top-level `testimonials` and `evidence` maps hold item id → `Y.Map`,
 * one key per field. Anyone may have written anything into those maps (an old
 * client, a buggy one), so reading is lenient: an unknown or invalid field
 * reads as its default, and nothing here throws.
 */

/** Who a testimonial is from. */
export const TESTIMONIAL_KINDS = [
  'patient',
  'service_user',
  'carer',
  'nhs_staff',
  'partner_staff',
  'leader',
  'other',
] as const;
export type TestimonialKind = (typeof TESTIMONIAL_KINDS)[number];

/** What a piece of evidence is. */
export const EVIDENCE_KINDS = ['metric', 'financial', 'qualitative', 'document', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** What a person's consent to use their testimonial may cover. */
export const CONSENT_USES = ['judging', 'publication'] as const;
export type ConsentUse = (typeof CONSENT_USES)[number];

export const TESTIMONIAL_KIND_LABELS: Record<TestimonialKind, string> = {
  patient: 'Patient',
  service_user: 'Service user',
  carer: 'Carer',
  nhs_staff: 'NHS staff',
  partner_staff: 'Partner staff',
  leader: 'Leader',
  other: 'Other',
};

export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  metric: 'Metric',
  financial: 'Financial',
  qualitative: 'Qualitative',
  document: 'Document',
  other: 'Other',
};

export const CONSENT_USE_LABELS: Record<ConsentUse, string> = {
  judging: 'Judging the award',
  publication: 'Publication',
};

/** Testimonials from these people always need their consent, named or not. */
export const CONSENT_REQUIRED_KINDS: readonly TestimonialKind[] = ['patient', 'service_user', 'carer'];

/**
 * Item ids: random, URL- and attribute-safe. Also what a citation's `itemId`
 * must look like, so pasted or remote content cannot smuggle anything else in.
 */
export const ITEM_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * A testimonial's consent record (issue 18 item 1): the id the server issued
 * for it (`POST /api/entries/:id/consents`), the same shape as a file id.
 */
export const CONSENT_RECORD_ID_PATTERN = /^[a-z2-7]{16}$/;

export function isItemId(value: unknown): value is string {
  return typeof value === 'string' && ITEM_ID_PATTERN.test(value);
}

/** A new random item id (128 bits, hex). */
export function newItemId(): string {
  // Web Crypto exists in browsers and Node ≥ 19; this package's lib (ES2023) does not declare it.
  const { crypto } = globalThis as unknown as { crypto: { getRandomValues(bytes: Uint8Array): Uint8Array } };
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const text = z.string().catch('');
const flag = z.boolean().catch(false);

/** An array of which only the elements valid for `element` are kept (deduplicated). */
function lenientArray<T extends z.ZodType<string>>(element: T) {
  return z
    .unknown()
    .transform((value): z.infer<T>[] => {
      if (!Array.isArray(value)) return [];
      const kept: z.infer<T>[] = [];
      for (const entry of value) {
        const parsed = element.safeParse(entry);
        if (parsed.success && !kept.includes(parsed.data)) kept.push(parsed.data);
      }
      return kept;
    })
    .catch([]);
}

/**
 * Attached files (issue 13): server-issued file ids, in display and exhibit
 * order. The bytes and their metadata live on the server; the document holds
 * only which files an item cites. Stored as a plain array, like `sectionIds`.
 */
const fileIdsField = lenientArray(z.string().regex(FILE_ID_PATTERN)).transform((ids) =>
  ids.slice(0, FILES_PER_ITEM_MAX),
);

export const consentSchema = z.object({
  obtained: flag,
  /** When consent was given (YYYY-MM-DD), or ''. */
  date: text,
  /** How it was recorded, e.g. "signed form held by the trust's patient experience team". */
  howRecorded: text,
  uses: lenientArray(z.enum(CONSENT_USES)),
  /** Signed consent forms, as attached files. */
  forms: fileIdsField,
});
/**
 * A consent record. Reading always gives `forms` (empty when none); a writer
 * may leave it out, as every consent written before issue 13 does, so it is
 * optional here. Whoever writes a whole consent object keeps the forms it
 * holds (the item panel does).
 */
export type Consent = Omit<z.infer<typeof consentSchema>, 'forms'> & { forms?: string[] };

const sectionIdsField = lenientArray(z.string().min(1).max(200));

export const testimonialFieldsSchema = z.object({
  quote: text,
  personName: text,
  personRole: text,
  personOrganisation: text,
  kind: z.enum(TESTIMONIAL_KINDS).catch('other'),
  /** null: nothing recorded about consent yet. */
  consent: z
    .unknown()
    .transform((value) => (value !== null && typeof value === 'object' ? consentSchema.parse(value) : null))
    .catch(null),
  /**
   * The server's consent record this testimonial uses (issue 18 item 1), or null: then `consent`
   * (fields only, as before) is what counts. Absent from documents written before it existed.
   */
  consentRecordId: z.string().regex(CONSENT_RECORD_ID_PATTERN).nullable().catch(null),
  /** Hide the person's name in the judges' copy. */
  anonymise: flag,
  /** When it was said or written (YYYY-MM-DD), or ''. */
  date: text,
  sectionIds: sectionIdsField,
});
/** Reading always gives `consentRecordId` (null when none); a writer may leave it out, as before issue 18. */
export type TestimonialFields = Omit<z.infer<typeof testimonialFieldsSchema>, 'consent' | 'consentRecordId'> & {
  consent: Consent | null;
  consentRecordId?: string | null;
};

export const evidenceFieldsSchema = z.object({
  title: text,
  kind: z.enum(EVIDENCE_KINDS).catch('other'),
  baseline: text,
  result: text,
  /** The period the figures cover, e.g. "April 2023 to March 2024". */
  period: text,
  date: text,
  source: text,
  sectionIds: sectionIdsField,
  /** The files attached to the item (PDFs, images, Office files), in exhibit order. */
  files: fileIdsField,
});
export type EvidenceFields = z.infer<typeof evidenceFieldsSchema>;

export type Testimonial = TestimonialFields & { id: string };
export type Evidence = EvidenceFields & { id: string };

export function readTestimonialFields(value: unknown): TestimonialFields {
  return testimonialFieldsSchema.parse(plainItemFields(value));
}

export function readEvidenceFields(value: unknown): EvidenceFields {
  return evidenceFieldsSchema.parse(plainItemFields(value));
}

/** Every item of a collection map whose value is an item map, in id order (callers sort by exhibit label). */
function readCollection<T>(map: Y.Map<unknown>, read: (value: unknown) => T): (T & { id: string })[] {
  const items: (T & { id: string })[] = [];
  for (const [id, value] of itemMaps(map)) items.push({ ...read(value), id });
  return items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function readTestimonials(map: Y.Map<unknown>): Testimonial[] {
  return readCollection(map, readTestimonialFields);
}

export function readEvidence(map: Y.Map<unknown>): Evidence[] {
  return readCollection(map, readEvidenceFields);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Writes fields into an item map, only those that differ from what is stored,
 * so a save does not overwrite fields someone else changed meanwhile. Call
 * inside the caller's transaction.
 */
export function writeItemFields(
  item: Y.Map<unknown>,
  fields: Partial<TestimonialFields> | Partial<EvidenceFields>,
): void {
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const current = item.get(key);
    const plainCurrent = current instanceof Y.AbstractType ? current.toJSON() : current;
    if (!sameValue(plainCurrent, value)) item.set(key, value);
  }
}

/** Adds an item to a collection map in one transaction; returns its new id. */
export function addItem(
  collection: Y.Map<unknown>,
  fields: TestimonialFields | EvidenceFields,
  id: string = newItemId(),
): string {
  const run = () => {
    const item = new Y.Map<unknown>();
    collection.set(id, item);
    writeItemFields(item, fields);
  };
  if (collection.doc) collection.doc.transact(run);
  else run();
  return id;
}

/** Changes an item in one transaction; false when the item is gone (someone removed it). */
export function updateItem(
  collection: Y.Map<unknown>,
  id: string,
  fields: Partial<TestimonialFields> | Partial<EvidenceFields>,
): boolean {
  const item = collection.get(id);
  if (!(item instanceof Y.Map)) return false;
  const run = () => writeItemFields(item, fields);
  if (collection.doc) collection.doc.transact(run);
  else run();
  return true;
}

export function removeItem(collection: Y.Map<unknown>, id: string): void {
  if (collection.doc) collection.doc.transact(() => collection.delete(id));
  else collection.delete(id);
}

/**
 * Whether a testimonial needs the person's recorded consent: always for
 * patients, service users and carers, and for anyone named, unless the name is
 * anonymised (then it does not appear in the entry).
 */
export function consentNeeded(testimonial: Pick<TestimonialFields, 'kind' | 'personName' | 'anonymise'>): boolean {
  if (CONSENT_REQUIRED_KINDS.includes(testimonial.kind)) return true;
  return testimonial.personName.trim() !== '' && !testimonial.anonymise;
}

export type ConsentProblemCode =
  | 'not_obtained'
  | 'no_date'
  | 'invalid_date'
  | 'not_recorded_how'
  | 'judging_not_covered';
export type ConsentProblem = { code: ConsentProblemCode; message: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * What is wrong with the consent of a testimonial that needs it (empty when it
 * does not need consent, or has all it needs): obtained, dated, how it was
 * recorded, and covering judging.
 */
export function consentProblems(
  testimonial: Pick<TestimonialFields, 'kind' | 'personName' | 'anonymise' | 'consent' | 'consentRecordId'>,
): ConsentProblem[] {
  if (!consentNeeded(testimonial)) return [];
  // A consent record (issue 18) is judged by the server, which holds it: expiry, withdrawal, uses.
  if (testimonial.consentRecordId) return [];
  const consent = testimonial.consent;
  if (!consent?.obtained) {
    return [{ code: 'not_obtained', message: 'Consent has not been recorded as obtained' }];
  }
  const problems: ConsentProblem[] = [];
  if (consent.date.trim() === '') problems.push({ code: 'no_date', message: 'Enter the date consent was given' });
  else if (!isIsoDate(consent.date)) {
    problems.push({ code: 'invalid_date', message: 'The date consent was given must be a real date' });
  }
  if (consent.howRecorded.trim() === '') {
    problems.push({ code: 'not_recorded_how', message: 'Say how consent was recorded' });
  }
  if (!consent.uses.includes('judging')) {
    problems.push({ code: 'judging_not_covered', message: 'The consent does not cover judging the award' });
  }
  return problems;
}

export function emptyTestimonial(): TestimonialFields {
  return testimonialFieldsSchema.parse({});
}

export function emptyEvidence(): EvidenceFields {
  return evidenceFieldsSchema.parse({});
}
