import type { EntrySummaryDto } from '@jointly/shared';
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { EntrySummaryCard } from './EntrySummaryCard.tsx';

const entry = (fields: Partial<EntrySummaryDto>): EntrySummaryDto => ({
  id: 'entry0001',
  title: 'Outpatients, together',
  categoryId: 'hsj-partnership-long-term-partnership',
  categoryName: 'Long Term Partnership',
  programme: 'HSJ Partnership Awards',
  deadline: null,
  status: 'draft',
  role: 'lead',
  leadOrganisation: { id: 'o1', name: 'Northshire NHS Trust', kind: 'nhs_trust' },
  createdAt: '2026-01-01T00:00:00.000Z',
  progress: { sectionCount: 8, sectionsApproved: 2, wordsUsed: 900, wordLimitTotal: 4000, sectionsOverLimit: 0 },
  activeNow: [],
  ...fields,
});

function checksFailingValue(): string | null {
  const term = screen.queryByText('Checks failing');
  if (!term) return null;
  return within(term.closest('.nhsuk-summary-list__row') as HTMLElement).getByRole('definition').textContent;
}

describe('the dashboard card', () => {
  afterEach(cleanup);

  it('I11-17: shows how many checks are failing, and when none are', () => {
    const { rerender } = render(<EntrySummaryCard entry={entry({ checksFailing: 7 })} />, { wrapper: MemoryRouter });
    expect(checksFailingValue()).toBe('7 checks to meet before submitting');
    rerender(<EntrySummaryCard entry={entry({ checksFailing: 1 })} />);
    expect(checksFailingValue()).toBe('1 check to meet before submitting');
    rerender(<EntrySummaryCard entry={entry({ checksFailing: 0 })} />);
    expect(checksFailingValue()).toBe('None: ready to submit');
    rerender(<EntrySummaryCard entry={entry({ checksFailing: 0, status: 'submitted' })} />);
    expect(checksFailingValue()).toBeNull();
  });
});
