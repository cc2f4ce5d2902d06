import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ContributorRegister } from './ContributorRegister.tsx';

describe('ContributorRegister (issue 11 item 12)', () => {
  it('I11-12: a responsive table whose every value carries its column name, so rows can stack at phone width', () => {
    render(
      <ContributorRegister
        rows={[
          {
            actor: {
              userId: 'u1',
              name: 'Amara Okafor',
              organisation: { id: 'o1', name: 'MedLogix Supply Chain Ltd' },
            },
            sections: ['context-and-evolution'],
            items: ['item-0001'],
            files: [{ id: 'vlzodsnae3nnv4hq', name: 'Board minutes.pdf' }],
            edits: 1234,
            firstAt: '2024-02-14T10:00:00Z',
            lastAt: '2024-02-14T11:00:00Z',
          },
        ]}
        sectionTitles={new Map([['context-and-evolution', 'Context and evolution']])}
        items={[]}
      />,
    );
    const table = screen.getByRole('table', { name: 'Contributor register' });
    expect(table.className).toContain('nhsuk-table--responsive');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['Person', 'Organisation', 'Sections', 'Items', 'Files', 'Edits']);
    const [, row] = within(table).getAllByRole('row');
    if (!row) throw new Error('no row');
    const names = [...row.querySelectorAll('.nhsuk-table__heading')];
    expect(names.map((name) => name.textContent?.trim())).toEqual([
      'Person',
      'Organisation',
      'Sections',
      'Items',
      'Files',
      'Edits',
    ]);
    // Screen readers have the column headers: the stacked names are hidden from them.
    expect(names.every((name) => name.getAttribute('aria-hidden') === 'true')).toBe(true);
    expect(within(row).getByRole('rowheader').textContent).toBe('Person Amara Okafor');
    expect(row.textContent).toContain('Context and evolution');
    expect(row.textContent).toContain('1,234');
    expect(row.textContent).toContain('Files Board minutes.pdf');
  });
});
