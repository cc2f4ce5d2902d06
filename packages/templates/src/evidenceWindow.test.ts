import { describe, expect, it } from 'vitest';
import { evidenceDateProblem, evidenceWindow } from './evidenceWindow.ts';
import { findCategory } from './index.ts';

const eligibility = { activeWithinMonths: 18, evidenceWithinMonths: 24, minimumPartnershipYears: null, notes: [] };

describe('evidence eligibility window (issue 13)', () => {
  it('counts back from the deadline when it is announced, else from today', () => {
    expect(evidenceWindow({ deadline: '2026-05-15T11:00:00Z', eligibility }, new Date('2025-01-01'))).toEqual({
      from: '2024-05-15',
      to: '2026-05-15',
      reference: 'deadline',
      months: 24,
    });
    expect(evidenceWindow({ deadline: null, eligibility }, new Date('2026-03-01T09:00:00Z'))).toMatchObject({
      from: '2024-03-01',
      to: '2026-03-01',
      reference: 'today',
    });
  });

  it('flags a date before the window, and after the deadline, in words; nothing for no date or one inside', () => {
    const window = evidenceWindow({ deadline: '2026-05-15T11:00:00Z', eligibility }, new Date());
    expect(evidenceDateProblem('2024-05-14', window)).toBe(
      'Dated 14 May 2024, more than 24 months before the entry deadline (15 May 2026): the category counts evidence dated from 15 May 2024',
    );
    expect(evidenceDateProblem('2024-05-15', window)).toBeNull();
    expect(evidenceDateProblem('2026-05-15', window)).toBeNull();
    expect(evidenceDateProblem('2026-05-16', window)).toBe('Dated 16 May 2026, after the entry deadline (15 May 2026)');
    expect(evidenceDateProblem('', window)).toBeNull();
    expect(evidenceDateProblem('last spring', window)).toBeNull();
    const today = evidenceWindow({ deadline: null, eligibility }, new Date('2026-03-01'));
    expect(evidenceDateProblem('2030-01-01', today)).toBeNull();
    expect(evidenceDateProblem('2024-02-29', today)).toMatch(/more than 24 months before today/);
  });

  it('every category template has a window', () => {
    const template = findCategory('hsj-partnership-long-term-partnership')!;
    expect(evidenceWindow(template, new Date()).months).toBe(24);
  });
});
