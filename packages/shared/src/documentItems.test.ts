import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addItem,
  consentNeeded,
  consentProblems,
  emptyTestimonial,
  isItemId,
  newItemId,
  readEvidence,
  readEvidenceFields,
  readTestimonialFields,
  readTestimonials,
  removeItem,
  type TestimonialFields,
  updateItem,
} from './documentItems.ts';
import { EVIDENCE_MAP, TESTIMONIALS_MAP } from './documentLayout.ts';

function testimonial(fields: Partial<TestimonialFields>): TestimonialFields {
  return { ...emptyTestimonial(), ...fields };
}

const fullConsent = { obtained: true, date: '2025-03-04', howRecorded: 'Signed form', uses: ['judging' as const] };

describe('reading items leniently (PRODUCT §5 layout)', () => {
  it('reads a well-formed testimonial map', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<unknown>(TESTIMONIALS_MAP);
    const id = addItem(
      map,
      testimonial({ quote: 'It changed my care', personName: 'Ann', kind: 'patient', sectionIds: ['a', 'b'] }),
    );
    const [read] = readTestimonials(map);
    expect(read).toMatchObject({ id, quote: 'It changed my care', personName: 'Ann', kind: 'patient' });
    expect(read?.sectionIds).toEqual(['a', 'b']);
    expect(read?.consent).toBeNull();
  });

  it('turns unknown or invalid fields into defaults and never throws', () => {
    const item = new Y.Map<unknown>();
    const doc = new Y.Doc();
    doc.getMap<unknown>(TESTIMONIALS_MAP).set('abcdefgh', item);
    item.set('quote', 42);
    item.set('kind', 'alien');
    item.set('anonymise', 'yes');
    item.set('sectionIds', ['ok', 7, 'ok', '']);
    item.set('consent', { obtained: 'true', uses: ['judging', 'everything'], date: null });
    item.set('somethingElse', { nested: true });
    item.set('consentRecordId', 'NOT-AN-ID');
    const read = readTestimonialFields(item);
    expect(read).toEqual({
      quote: '',
      personName: '',
      personRole: '',
      personOrganisation: '',
      kind: 'other',
      consent: { obtained: false, date: '', howRecorded: '', uses: ['judging'], forms: [] },
      consentRecordId: null,
      anonymise: false,
      date: '',
      sectionIds: ['ok'],
    });
    expect(readTestimonialFields(null).kind).toBe('other');
    expect(readTestimonialFields('garbage').consent).toBeNull();
    expect(readEvidenceFields({ kind: 'financial', baseline: 3 })).toMatchObject({ kind: 'financial', baseline: '' });
  });

  it('I13: reads attached files (evidence `files`, consent `forms`) as file ids only, deduplicated, at most 20', () => {
    const a = 'abcdefghijklmnop';
    const b = 'bcdefghijklmnopq';
    expect(readEvidenceFields({}).files).toEqual([]);
    expect(readEvidenceFields({ files: [b, a, b, 'NOT-AN-ID', 7, { id: a }, 'abcdefghijklmno1'] }).files).toEqual([
      b,
      a,
    ]);
    expect(readEvidenceFields({ files: 'abcdefghijklmnop' }).files).toEqual([]);
    const many = Array.from({ length: 25 }, (_, i) => `abcdefghijklmn${'abcdefghijklmnopqrstuvwxyz'[i]}a`);
    expect(readEvidenceFields({ files: many }).files).toEqual(many.slice(0, 20));
    expect(readTestimonialFields({ consent: { obtained: true, forms: [a, a, 'x'] } }).consent?.forms).toEqual([a]);
    expect(readTestimonialFields({ consent: { obtained: true } }).consent?.forms).toEqual([]);
  });

  it('skips collection entries that are not item maps', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<unknown>(EVIDENCE_MAP);
    map.set('notamap1', 'text');
    addItem(map, { ...readEvidenceFields({}), title: 'Readmissions' }, 'evidence01');
    expect(readEvidence(map).map((item) => item.id)).toEqual(['evidence01']);
  });

  it('reads nested Yjs types written by another client', () => {
    const doc = new Y.Doc();
    const item = new Y.Map<unknown>();
    doc.getMap<unknown>(TESTIMONIALS_MAP).set('nestedid1', item);
    const ids = new Y.Array<string>();
    item.set('sectionIds', ids);
    ids.push(['s1']);
    expect(readTestimonialFields(item).sectionIds).toEqual(['s1']);
  });
});

describe('writing items', () => {
  it('adds, updates only changed fields, and removes, one transaction per action', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<unknown>(EVIDENCE_MAP);
    let transactions = 0;
    doc.on('afterTransaction', () => {
      transactions += 1;
    });
    const id = addItem(map, { ...readEvidenceFields({}), title: 'A&E waits', kind: 'metric' });
    expect(transactions).toBe(1);
    const item = map.get(id) as Y.Map<unknown>;
    const changedKeys: string[] = [];
    item.observe((event) => changedKeys.push(...event.keysChanged));
    expect(updateItem(map, id, { ...readEvidenceFields(item), baseline: '4 hours' })).toBe(true);
    expect(transactions).toBe(2);
    expect(changedKeys).toEqual(['baseline']);
    removeItem(map, id);
    expect(map.size).toBe(0);
    expect(updateItem(map, id, { title: 'gone' })).toBe(false);
  });

  it('makes random ids that match the id pattern', () => {
    const a = newItemId();
    expect(isItemId(a)).toBe(true);
    expect(a).not.toBe(newItemId());
    expect(isItemId('x"><img')).toBe(false);
    expect(isItemId('short')).toBe(false);
  });
});

describe('consent', () => {
  it('is needed for patients, service users and carers, and for anyone named', () => {
    expect(consentNeeded(testimonial({ kind: 'patient' }))).toBe(true);
    expect(consentNeeded(testimonial({ kind: 'service_user' }))).toBe(true);
    expect(consentNeeded(testimonial({ kind: 'carer', anonymise: true }))).toBe(true);
    expect(consentNeeded(testimonial({ kind: 'nhs_staff' }))).toBe(false);
    expect(consentNeeded(testimonial({ kind: 'nhs_staff', personName: 'Dr Jo Bloggs' }))).toBe(true);
    expect(consentNeeded(testimonial({ kind: 'leader', personName: '  ' }))).toBe(false);
    // Anonymised, the name does not appear: a member of staff then needs no consent.
    expect(consentNeeded(testimonial({ kind: 'partner_staff', personName: 'Sam', anonymise: true }))).toBe(false);
  });

  it('lists what is missing from the consent of a testimonial that needs it', () => {
    expect(consentProblems(testimonial({ kind: 'nhs_staff' }))).toEqual([]);
    expect(consentProblems(testimonial({ kind: 'patient' })).map((p) => p.code)).toEqual(['not_obtained']);
    expect(
      consentProblems(testimonial({ kind: 'patient', consent: { ...fullConsent, obtained: false } })).map(
        (p) => p.code,
      ),
    ).toEqual(['not_obtained']);
    expect(
      consentProblems(
        testimonial({ kind: 'carer', consent: { obtained: true, date: '', howRecorded: ' ', uses: ['publication'] } }),
      ).map((p) => p.code),
    ).toEqual(['no_date', 'not_recorded_how', 'judging_not_covered']);
    expect(
      consentProblems(testimonial({ kind: 'carer', consent: { ...fullConsent, date: '2025-02-30' } })).map(
        (p) => p.code,
      ),
    ).toEqual(['invalid_date']);
    expect(consentProblems(testimonial({ kind: 'patient', consent: fullConsent }))).toEqual([]);
  });
});
