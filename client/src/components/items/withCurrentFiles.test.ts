import { addItem, EVIDENCE_MAP, emptyEvidence, emptyTestimonial, TESTIMONIALS_MAP } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { withCurrentFiles } from './withCurrentFiles.ts';

const [a, b] = ['abcdefghijklmnop', 'bcdefghijklmnopq'];

describe('withCurrentFiles', () => {
  it('I13: a form saved after an upload keeps the files the item holds now', () => {
    const doc = new Y.Doc();
    const evidence = doc.getMap<unknown>(EVIDENCE_MAP);
    addItem(evidence, { ...emptyEvidence(), title: 'Audit', files: [a, b] }, 'evidence-1');
    const { files: _files, ...form } = { ...emptyEvidence(), title: 'Audit, changed' };
    expect(withCurrentFiles(evidence, 'evidence-1', form)).toMatchObject({ title: 'Audit, changed', files: [a, b] });
    expect(withCurrentFiles(evidence, null, form)).toMatchObject({ files: [] });
  });

  it('I13: a consent record written whole keeps its signed forms, even when the rest of it is cleared', () => {
    const doc = new Y.Doc();
    const testimonials = doc.getMap<unknown>(TESTIMONIALS_MAP);
    const consent = { obtained: true, date: '2025-01-01', howRecorded: 'Signed form', uses: ['judging' as const] };
    addItem(testimonials, { ...emptyTestimonial(), quote: 'Q', consent: { ...consent, forms: [a] } }, 'testimonial-1');
    const form = { ...emptyTestimonial(), quote: 'Q', consent: { ...consent, date: '2025-02-02' } };
    expect(withCurrentFiles(testimonials, 'testimonial-1', form)).toMatchObject({
      consent: { date: '2025-02-02', forms: [a] },
    });
    expect(withCurrentFiles(testimonials, 'testimonial-1', { ...form, consent: null })).toMatchObject({
      consent: { obtained: false, forms: [a] },
    });
    addItem(testimonials, { ...emptyTestimonial(), quote: 'R' }, 'testimonial-2');
    expect(withCurrentFiles(testimonials, 'testimonial-2', { ...form, consent: null })).toMatchObject({
      consent: null,
    });
  });
});
