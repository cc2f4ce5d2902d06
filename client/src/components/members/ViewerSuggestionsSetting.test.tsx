import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/ApiError.ts';
import { ViewerSuggestionsSetting } from './ViewerSuggestionsSetting.tsx';

afterEach(cleanup);

const box = () => screen.getByRole('checkbox', { name: 'Viewers may suggest changes' }) as HTMLInputElement;

describe('ViewerSuggestionsSetting (issue 14 item 3, C-SUGGEST-5)', () => {
  it('a labelled checkbox, described by its hint, saved when ticked and announced', async () => {
    const save = vi.fn(async (_id: string, body: { viewersMaySuggest: boolean }) => body);
    const onChanged = vi.fn();
    render(
      <ViewerSuggestionsSetting
        entryId="e1"
        viewersMaySuggest={false}
        disabled={false}
        onChanged={onChanged}
        save={save}
      />,
    );
    expect(box().checked).toBe(false);
    expect(document.getElementById(box().getAttribute('aria-describedby')!)?.textContent).toContain('cannot edit');
    await act(async () => {
      fireEvent.click(box());
    });
    expect(save).toHaveBeenCalledWith('e1', { viewersMaySuggest: true });
    expect(box().checked).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('Viewers may now suggest changes.');
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it('a refused change is undone and said as an alert; a submitted entry’s box is disabled', async () => {
    const save = vi.fn(async () => {
      throw new ApiError(409, 'entry_submitted', 'This entry has been submitted.');
    });
    const { rerender } = render(
      <ViewerSuggestionsSetting
        entryId="e1"
        viewersMaySuggest={true}
        disabled={false}
        onChanged={() => {}}
        save={save}
      />,
    );
    await act(async () => {
      fireEvent.click(box());
    });
    expect(box().checked).toBe(true);
    expect(screen.getByRole('alert').textContent).toContain('This entry has been submitted.');
    rerender(
      <ViewerSuggestionsSetting entryId="e1" viewersMaySuggest={true} disabled onChanged={() => {}} save={save} />,
    );
    expect(box().disabled).toBe(true);
  });
});
