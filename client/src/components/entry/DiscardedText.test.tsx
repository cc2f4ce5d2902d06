import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DiscardedText } from './DiscardedText.tsx';

describe('DiscardedText', () => {
  it('shows nothing when no section differed', () => {
    const { container } = render(<DiscardedText sections={[]} titleOf={(id) => id} />);
    expect(container.innerHTML).toBe('');
  });

  it('offers each section’s discarded text in a labelled read-only box, behind a disclosure', () => {
    render(
      <DiscardedText
        sections={[{ sectionId: 'context', text: 'Saved words.\nWords typed offline.' }]}
        titleOf={(id) => (id === 'context' ? 'Context and evolution' : id)}
      />,
    );
    const box = screen.getByLabelText('Context and evolution') as HTMLTextAreaElement;
    expect(box.readOnly).toBe(true);
    expect(box.value).toBe('Saved words.\nWords typed offline.');
    // A native disclosure (opened by keyboard in e2e 37), closed until asked for.
    const details = screen.getByText('Show the discarded text').closest('details');
    expect(details?.open).toBe(false);
    expect(details?.contains(box)).toBe(true);
  });
});
