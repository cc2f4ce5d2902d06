import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/ApiError.ts';
import { CategoryForm } from './CategoryForm.tsx';
import { emptyDraft } from './categoryDraft.ts';

function renderForm(save = vi.fn()) {
  render(<CategoryForm initial={emptyDraft()} submitLabel="Save the category" save={save} onSaved={() => {}} />);
  return save;
}

const type = (label: string | HTMLElement, value: string, index = 0) => {
  const field = typeof label === 'string' ? screen.getAllByLabelText(label)[index]! : label;
  fireEvent.change(field, { target: { value } });
};

describe('CategoryForm', () => {
  it('adds a section and moves focus to its title; moving one keeps focus on its button', async () => {
    renderForm();
    type('Title', 'First');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add a section' })));
    expect(document.activeElement?.id).toBe('category-section-1-title');
    type('Title', 'Second', 1);
    await act(async () => fireEvent.click(document.getElementById('category-section-1-up')!));
    expect((document.getElementById('category-section-0-title') as HTMLInputElement).value).toBe('Second');
    expect(document.activeElement?.id).toBe('category-section-0-up');
    expect(screen.getByText('Second moved to position 1 of 2.')).toBeTruthy();
    // The first section cannot move further up: nothing changes.
    await act(async () => fireEvent.click(document.getElementById('category-section-0-up')!));
    expect((document.getElementById('category-section-0-title') as HTMLInputElement).value).toBe('Second');
  });

  it('sends the template and shows each of the server’s problems by its path, beside its field', async () => {
    const save = renderForm(
      vi.fn().mockRejectedValue(
        new ApiError(400, 'validation_failed', '2 problems', [
          { path: 'sections[0].wordLimit', message: 'is required' },
          { path: 'coverage', message: 'duplicate rule id x' },
        ]),
      ),
    );
    type('Awards programme', 'NHS Parliamentary Awards');
    await act(async () => fireEvent.submit(screen.getByRole('button', { name: 'Save the category' }).closest('form')!));
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0]![0]).toMatchObject({ programme: 'NHS Parliamentary Awards', deadline: null });
    const summary = screen.getByRole('alert');
    expect(summary.textContent).toContain('sections[0].wordLimit: is required');
    expect(summary.textContent).toContain('coverage: duplicate rule id x');
    const wordLimit = document.getElementById('category-section-0-wordLimit')!;
    expect(wordLimit.getAttribute('aria-invalid')).toBe('true');
  });

  it('refuses a deadline that is not a date before sending anything', async () => {
    const save = renderForm();
    type('Entry deadline (optional)', 'next spring');
    await act(async () => fireEvent.submit(screen.getByRole('button', { name: 'Save the category' }).closest('form')!));
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('deadline: enter a date like 2027-03-01');
  });

  it('adds a short field by keyboard-reachable buttons, sends it, and shows its problems beside it', async () => {
    const save = renderForm(
      vi
        .fn()
        .mockRejectedValue(
          new ApiError(400, 'validation_failed', '1 problem', [
            { path: 'shortFields[0].charLimit', message: 'must be at most 2000' },
          ]),
        ),
    );
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add a short field' })));
    expect(document.activeElement?.id).toBe('category-short-0-label');
    expect(screen.getByText('Short field 1 added.')).toBeTruthy();
    type('Label', 'Project title');
    type('Character limit', '5000');
    type('Word limit (optional)', '12');
    await act(async () => fireEvent.submit(screen.getByRole('button', { name: 'Save the category' }).closest('form')!));
    expect(save.mock.calls[0]![0]).toMatchObject({
      shortFields: [{ id: 'project-title', label: 'Project title', charLimit: 5000, wordLimit: 12, required: true }],
    });
    expect(screen.getByRole('alert').textContent).toContain('shortFields[0].charLimit: must be at most 2000');
    expect(document.getElementById('category-short-0-charLimit')!.getAttribute('aria-invalid')).toBe('true');

    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: /^Remove short field\W+Project title$/ })),
    );
    expect(document.getElementById('category-short-0-label')).toBeNull();
    expect(document.activeElement?.id).toBe('category-add-short-field');
  });
});
