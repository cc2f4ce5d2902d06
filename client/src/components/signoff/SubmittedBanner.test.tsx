import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SubmittedBanner } from './SubmittedBanner.tsx';

const latest = {
  version: 3,
  contentHash: 'a'.repeat(64),
  submittedBy: {
    userId: 'u1',
    name: 'Priya Shah',
    organisation: { id: 'o1', name: 'Leeds Teaching Hospitals NHS Trust' },
  },
  submittedAt: '2026-03-02T09:30:00Z',
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SubmittedBanner', () => {
  it('says when, by whom and which version; no reopen for someone who is not a lead', () => {
    render(<SubmittedBanner entryId="e1" latest={latest} mayReopen={false} onReopened={() => undefined} />);
    const banner = screen.getByRole('region', { name: 'Submitted' });
    expect(banner.textContent).toContain(
      'Submitted on 2 March 2026 at 9:30am by Priya Shah (Leeds Teaching Hospitals NHS Trust) — version 3',
    );
    expect(banner.textContent).toContain('cannot be changed');
    expect(screen.queryByRole('button', { name: 'Reopen entry' })).toBeNull();
  });

  it('lets a lead reopen after confirming, and cancelling returns focus to "Reopen entry"', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ id: 'e1', status: 'draft' }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const onReopened = vi.fn();
    render(<SubmittedBanner entryId="e1" latest={latest} mayReopen onReopened={onReopened} />);

    fireEvent.click(screen.getByRole('button', { name: 'Reopen entry' }));
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Reopen this entry for editing?' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Reopen entry' }));
    expect(fetchMock).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Reopen entry' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Yes, reopen entry' }));
    });
    expect(fetchMock).toHaveBeenCalledWith('/api/entries/e1/reopen', expect.objectContaining({ method: 'POST' }));
    expect(onReopened).toHaveBeenCalled();
  });
});
