import type { LibraryItemDto } from '@jointly/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { LibraryPanel } from './LibraryPanel.tsx';

const supplier = { userId: 'u2', name: 'Bob Smith', organisation: { id: 'o2', name: 'Acme Health Ltd' } };
const ITEM: LibraryItemDto = {
  id: 'lib1',
  collection: 'testimonials',
  summary: 'They listened to us.',
  fields: { quote: 'They listened to us.' },
  source: { entryId: 'e0', entryTitle: 'Virtual wards 2026', itemId: 'testimonial01' },
  firstContributedBy: supplier,
  addedBy: supplier,
  addedAt: '2026-03-03T14:05:00Z',
  uses: [
    {
      entry: { id: 'e1', title: 'Digital award 2026' },
      itemId: 'x1',
      usedBy: supplier,
      usedAt: '2026-04-01T10:00:00Z',
    },
    { entry: null, itemId: 'x2', usedBy: supplier, usedAt: '2026-04-02T10:00:00Z' },
  ],
};

describe('LibraryPanel', () => {
  it('shows where each item has been used, and says at once what an added testimonial’s consent lacks', async () => {
    const add = vi.fn(async () => ({
      itemId: 'new1',
      collection: 'testimonials' as const,
      consentProblems: [
        { code: 'judging_not_covered' as const, message: 'The consent does not cover judging the award' },
      ],
    }));
    await act(async () => {
      render(
        <LibraryPanel
          entryId="e9"
          organisation={{ id: 'o2', name: 'Acme Health Ltd' }}
          editable
          load={async () => [ITEM]}
          add={add}
        />,
      );
    });
    const panel = screen.getByRole('region', { name: 'Acme Health Ltd’s library' });
    expect(within(panel).getByText('Used in 2 entries:')).toBeTruthy();
    expect(within(panel).getByText(/Digital award 2026, by Bob Smith/)).toBeTruthy();
    expect(within(panel).getByText(/an entry you are not a member of, by Bob Smith/)).toBeTruthy();
    await act(async () => {
      fireEvent.click(within(panel).getByRole('button', { name: /Add to this entry\W+They listened to us\./ }));
    });
    expect(add).toHaveBeenCalledWith('e9', 'lib1');
    const status = within(panel).getByRole('status');
    expect(status.textContent).toContain('Testimonial “They listened to us.” added to this entry.');
    expect(status.textContent).toContain('Consent for this use: The consent does not cover judging the award.');
  });
});
