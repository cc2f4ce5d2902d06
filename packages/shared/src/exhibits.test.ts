import { describe, expect, it } from 'vitest';
import { emptyEvidence, emptyTestimonial, type Testimonial } from './documentItems.ts';
import { buildExhibits, testimonialAttribution, WITHHELD_NO_CONSENT } from './exhibits.ts';

const testimonial = (fields: Partial<Testimonial>): Testimonial => ({
  ...emptyTestimonial(),
  id: 'x',
  ...fields,
});

describe('exhibits as the judges read them', () => {
  it('attributes anonymised testimonials by role or kind, never by name', () => {
    expect(testimonialAttribution(testimonial({ personName: 'Ann', kind: 'patient', anonymise: true }))).toBe(
      'A patient',
    );
    expect(
      testimonialAttribution(
        testimonial({ personName: 'Ann', personRole: 'Ward sister', kind: 'nhs_staff', anonymise: true }),
      ),
    ).toBe('Ward sister');
    expect(
      testimonialAttribution(
        testimonial({ personName: ' Ann ', personRole: 'Ward  sister', kind: 'nhs_staff', anonymise: false }),
      ),
    ).toBe('Ann, Ward sister');
  });

  it('orders exhibits by label, withholds testimonials without consent, and applies the given cleaning', () => {
    const labels = new Map([
      ['ev', 'E2'],
      ['ok', 'E10'],
      ['no', 'E1'],
    ]);
    const { exhibits, withheld } = buildExhibits(
      [
        testimonial({
          id: 'ok',
          quote: ' Kind care ',
          kind: 'nhs_staff',
          personName: 'Bo',
          date: '2024-03-01',
          consent: { obtained: true, date: '2024-03-01', howRecorded: 'Signed form', uses: ['judging'] },
        }),
        testimonial({ id: 'no', quote: 'Secret', kind: 'patient', personName: 'Cy' }),
      ],
      [{ ...emptyEvidence(), id: 'ev', title: 'Waits\u0007', kind: 'metric', baseline: '18', result: '9' }],
      (id) => labels.get(id) ?? null,
      { text: (v) => v.replaceAll('\u0007', ''), line: (v) => v.replaceAll('\u0007', '').trim() },
    );
    expect(exhibits.map((e) => e.label)).toEqual(['E2', 'E10']);
    expect(exhibits[0]).toMatchObject({ kind: 'evidence', title: 'Waits' });
    expect(exhibits[1]).toMatchObject({ kind: 'testimonial', quote: 'Kind care', attribution: 'Bo' });
    expect(withheld).toEqual([{ label: 'E1', reason: WITHHELD_NO_CONSENT }]);
    expect(JSON.stringify(withheld)).not.toContain('Secret');
  });
});
