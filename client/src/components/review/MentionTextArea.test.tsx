import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { CommentForm } from './CommentForm.tsx';
import { matchingMembers, mentionQueryAt } from './MentionTextArea.tsx';

const OPTIONS = [
  { userId: 'u2', name: 'Zoe Smith', label: 'Zoe Smith (Supplier Ltd)' },
  { userId: 'u3', name: 'Ade Okafor', label: 'Ade Okafor (Leeds Teaching Hospitals)' },
  { userId: 'u4', name: 'Liz Zouch', label: 'Liz Zouch (Carers Leeds)' },
];

function renderForm() {
  const onSubmit = vi.fn(async () => undefined);
  render(
    <CommentForm
      id="c"
      label="Comment"
      submitLabel="Add comment"
      problemTitle="The comment could not be added"
      mentionOptions={OPTIONS}
      onSubmit={onSubmit}
    />,
  );
  return { onSubmit, box: screen.getByRole('textbox', { name: 'Comment' }) as HTMLTextAreaElement };
}

/** Types `text` as a person would: the value changes and the caret ends after it. */
function type(box: HTMLTextAreaElement, text: string) {
  fireEvent.input(box, { target: { value: text, selectionStart: text.length, selectionEnd: text.length } });
}
const key = (box: HTMLTextAreaElement, k: string) => fireEvent.keyDown(box, { key: k });

describe('the @ member picker (issue 14 item 2)', () => {
  it('finds the "@name" being typed: after a space or at the start, on the same line', () => {
    expect(mentionQueryAt('Ask @zo', 7)).toEqual({ at: 4, caret: 7, query: 'zo' });
    expect(mentionQueryAt('@', 1)).toEqual({ at: 0, caret: 1, query: '' });
    expect(mentionQueryAt('mail me@nhs.net', 15)).toBeNull();
    expect(mentionQueryAt('Ask @zo\nthen', 12)).toBeNull();
    expect(mentionQueryAt('Ask @ zo', 8)).toBeNull();
    expect(matchingMembers(OPTIONS, 'zo').map((o) => o.userId)).toEqual(['u2', 'u4']);
    expect(matchingMembers(OPTIONS, 'leeds').map((o) => o.userId)).toEqual(['u3', 'u4']);
  });

  it('opens on @, filters as you type, moves with the arrows, and Enter mentions the member', async () => {
    const { onSubmit, box } = renderForm();
    type(box, 'Could ');
    expect(screen.queryByRole('listbox')).toBeNull();
    type(box, 'Could @');
    expect(screen.getAllByRole('option')).toHaveLength(3);
    expect(box.getAttribute('aria-autocomplete')).toBe('list');
    type(box, 'Could @zo');
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Zoe Smith (Supplier Ltd)', 'Liz Zouch (Carers Leeds)']);
    expect(box.getAttribute('aria-controls')).toBe(screen.getByRole('listbox').id);
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
    expect(screen.getByRole('status').textContent).toContain('2 members match');

    key(box, 'ArrowDown');
    expect(box.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[1]!.id);
    expect(screen.getAllByRole('option')[1]!.getAttribute('aria-selected')).toBe('true');
    key(box, 'ArrowDown');
    key(box, 'Enter');
    expect(box.value).toBe('Could @Zoe Smith ');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box.hasAttribute('aria-activedescendant')).toBe(false);
    expect((screen.getByRole('checkbox', { name: 'Zoe Smith (Supplier Ltd)' }) as HTMLInputElement).checked).toBe(true);

    type(box, 'Could @Zoe Smith check this?');
    await act(async () => screen.getByRole('button', { name: 'Add comment' }).click());
    expect(onSubmit).toHaveBeenCalledWith({ body: 'Could @Zoe Smith check this?', mentions: ['u2'] });
  });

  it('Escape closes the list and keeps the text; no match says so without a list', () => {
    const { box } = renderForm();
    type(box, '@liz');
    expect(screen.getAllByRole('option')).toHaveLength(1);
    key(box, 'Escape');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box.value).toBe('@liz');
    type(box, '@nobody');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('No member matches.');
    key(box, 'Enter');
    expect(box.value).toBe('@nobody');
  });
});
