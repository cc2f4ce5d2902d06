import type { CopyEntryBody, EntryDto } from '@jointly/shared';
import { CATEGORY_TEMPLATES, type CategoryTemplate } from '@jointly/templates';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/ApiError.ts';
import { CopyEntryDialog } from './CopyEntryDialog.tsx';

const shipped = CATEGORY_TEMPLATES[0]!;
/** A category whose sections share two titles with the shipped one (in another order, another case) and add one. */
const target: CategoryTemplate = {
  ...shipped,
  id: 'custom-next-year',
  name: 'Next year’s award',
  sections: [
    { ...shipped.sections[1]!, id: 'outcomes', title: shipped.sections[1]!.title.toUpperCase() },
    { ...shipped.sections[0]!, id: 'story', title: `${shipped.sections[0]!.title}.` },
    { ...shipped.sections[0]!, id: 'brand-new', title: 'Something judges have not asked before' },
  ],
};
const entry = {
  id: 'e1',
  title: 'Virtual wards 2026',
  categoryId: shipped.id,
  sections: shipped.sections.map((s) => ({ id: s.id, title: s.title })) as EntryDto['sections'],
};

async function openDialog(submit = vi.fn(async (_id: string, _body: CopyEntryBody) => ({ id: 'e2' }) as EntryDto)) {
  const onCopied = vi.fn();
  await act(async () => {
    render(
      <CopyEntryDialog
        entry={entry}
        onCopied={onCopied}
        onClose={() => {}}
        loadCategories={async () => [shipped, target]}
        submit={submit}
      />,
    );
  });
  return { submit, onCopied };
}

const selectNamed = (name: RegExp) => screen.getByRole('combobox', { name }) as HTMLSelectElement;

describe('CopyEntryDialog', () => {
  it('maps each section of the chosen category to the section of the same title, else leaves it empty', async () => {
    const { submit, onCopied } = await openDialog();
    expect(screen.getByRole('heading', { name: 'Copy to another award' })).toBe(document.activeElement);
    // The entry's own category first: every section from itself.
    for (const section of shipped.sections) expect(selectNamed(new RegExp(section.title)).value).toBe(section.id);
    fireEvent.change(selectNamed(/Award category/), { target: { value: target.id } });
    expect(selectNamed(new RegExp(shipped.sections[1]!.title.toUpperCase())).value).toBe(shipped.sections[1]!.id);
    expect(selectNamed(new RegExp(`${shipped.sections[0]!.title}\\.`)).value).toBe(shipped.sections[0]!.id);
    expect(selectNamed(/Something judges have not asked before/).value).toBe('');
    // The lead changes one, then copies.
    fireEvent.change(selectNamed(/Something judges/), { target: { value: shipped.sections[2]!.id } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy entry' }));
    });
    expect(submit).toHaveBeenCalledWith('e1', {
      title: 'Virtual wards 2026 (copy)',
      categoryId: target.id,
      sectionMap: {
        outcomes: shipped.sections[1]!.id,
        story: shipped.sections[0]!.id,
        'brand-new': shipped.sections[2]!.id,
      },
    });
    expect(onCopied).toHaveBeenCalledWith({ id: 'e2' });
  });

  it('shows the server’s refusal of a section next to that section', async () => {
    const submit = vi.fn(async () => {
      throw new ApiError(400, 'validation_failed', 'The section map names sections that do not exist.', [
        { path: `sectionMap.${shipped.sections[0]!.id}`, message: 'That section is no longer in this entry.' },
      ]);
    });
    await openDialog(submit);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy entry' }));
    });
    const field = selectNamed(new RegExp(shipped.sections[0]!.title));
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByText('That section is no longer in this entry.').length).toBeGreaterThan(0);
  });
});
