import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SectionCitationProblems } from './SectionCitationProblems.tsx';

const labelOf = (itemId: string) => (itemId === 'deleted-item-7' ? 'E7' : null);

describe('I11-1: citation problems under a section', () => {
  it('names a typed label no exhibit has, a removed exhibit and a chip of nothing, with a warning for screen readers', () => {
    render(
      <SectionCitationProblems
        labelOf={labelOf}
        broken={[
          { sectionId: 'results', itemId: '', label: 'E9', reason: 'missing' },
          { sectionId: 'results', itemId: 'deleted-item-7', reason: 'deleted' },
          { sectionId: 'results', itemId: '', reason: 'missing' },
        ]}
      />,
    );
    expect(screen.getByText(/This section cites:/).textContent).toBe('Warning: This section cites:');
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'an exhibit that does not exist (E9)',
      'an exhibit that was removed (E7)',
      'an exhibit that does not exist',
    ]);
  });

  it('shows nothing when every citation is of an exhibit that exists', () => {
    const { container } = render(<SectionCitationProblems labelOf={labelOf} broken={[]} />);
    expect(container.textContent).toBe('');
  });
});
