import { describe, expect, it } from 'vitest';
import { emptyEvidence, emptyTestimonial } from './documentItems.ts';
import { buildExhibits } from './exhibits.ts';
import { judgeLabelOf, judgeNumbering, numberForJudges } from './judgeNumbering.ts';

describe('exhibit numbers judges see', () => {
  it('I11-16: labels left after a deletion are numbered consecutively, withheld exhibits after the shown ones', () => {
    const labels = new Map([
      ['a', 'E1'],
      ['b', 'E3'],
      ['c', 'E8'],
      ['w', 'E4'],
    ]);
    const model = buildExhibits(
      [
        { ...emptyTestimonial(), id: 'w', quote: 'No consent yet', kind: 'patient', personName: 'Ann' },
        {
          ...emptyTestimonial(),
          id: 'c',
          quote: 'Kind care',
          kind: 'nhs_staff',
          consent: { obtained: true, date: '2024-02-14', howRecorded: 'form', uses: ['judging'] },
        },
      ],
      [
        { ...emptyEvidence(), id: 'a', title: 'Waits', date: '2024-02-14' },
        { ...emptyEvidence(), id: 'b', title: 'Audit' },
        { ...emptyEvidence(), id: 'p', title: 'Label pending' },
      ],
      (id) => labels.get(id) ?? null,
    );
    const numbering = judgeNumbering(model);
    expect([...numbering]).toEqual([
      ['E1', 'E1'],
      ['E3', 'E2'],
      ['E8', 'E3'],
      ['E4', 'E4'],
    ]);
    expect(judgeLabelOf(numbering, 'E8')).toBe('E3');
    expect(judgeLabelOf(numbering, 'E7')).toBeNull();
    const judged = numberForJudges(model);
    expect(judged.exhibits.map((e) => e.label)).toEqual(['E1', 'E2', 'E3', null]);
    expect(judged.withheld.map((e) => e.label)).toEqual(['E4']);
    expect(judged.exhibits[0]!.fields).toContainEqual({ label: 'Date', value: '14 February 2024' });
  });
});
