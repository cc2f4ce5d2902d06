import { ITEM_FIELD_MAX_CHARS } from '@jointly/shared';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { EvidenceForm } from './EvidenceForm.tsx';

describe('EvidenceForm', () => {
  it('I10-8: says a field is longer than an item may hold, before anything is saved', () => {
    const onSave = vi.fn(() => null);
    render(
      <EvidenceForm
        initial={{
          title: 'Waiting times',
          kind: 'metric',
          baseline: '',
          result: 'x'.repeat(ITEM_FIELD_MAX_CHARS.evidence.result + 1),
          period: '',
          date: '',
          source: '',
          sectionIds: [],
        }}
        sections={[]}
        onSave={onSave}
        onCancel={() => {}}
      />,
    );
    fireEvent.submit(screen.getByRole('button', { name: /save/i }).closest('form')!);
    expect(onSave).not.toHaveBeenCalled();
    expect(
      screen.getByText(/The result is too long: it can have up to 5,000 characters, and it has 5,001\./),
    ).toBeTruthy();
  });
});
