import type { SectionDto } from '@jointly/shared';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReviewRequestControl } from './ReviewRequestControl.tsx';

const section: SectionDto = {
  id: 'context-and-evolution',
  title: 'Context and evolution',
  summary: '',
  wordLimit: 400,
  status: 'in_progress',
  prompts: [],
  words: 12,
  reviewRequest: null,
};
const request = {
  requestedBy: { userId: 'u2', name: 'Ann Lee', organisation: { id: 'o2', name: 'Acme Digital Ltd' } },
  requestedAt: '2026-12-05T09:00:00Z',
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ReviewRequestControl', () => {
  it('asks for approval with a labelled button, then announces it and reloads the entry', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(request), { status: 201 }));
    vi.stubGlobal('fetch', fetchMock);
    const onChanged = vi.fn();
    render(
      <ReviewRequestControl entryId="e1" section={section} status="in_progress" mayRequest onChanged={onChanged} />,
    );
    const ask = screen.getByRole('button', { name: 'Ask for approval of Context and evolution' });
    await act(async () => {
      fireEvent.click(ask);
    });
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/entries/e1/sections/context-and-evolution/review-request',
      expect.objectContaining({ method: 'POST' }),
    );
    expect(onChanged).toHaveBeenCalled();
    expect(screen.getByRole('status').textContent).toBe(
      '“Context and evolution” marked ready for review. The leads have been told.',
    );
  });

  it('shows "Ready for review" to everyone; writers may withdraw, viewers only read', () => {
    const asked = { ...section, reviewRequest: request };
    const { rerender } = render(
      <ReviewRequestControl entryId="e1" section={asked} status="in_progress" mayRequest onChanged={() => {}} />,
    );
    expect(screen.getByText('Ready for review')).toBeTruthy();
    expect(screen.getByText(/asked by Ann Lee \(/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Withdraw review request of Context and evolution' })).toBeTruthy();
    rerender(
      <ReviewRequestControl
        entryId="e1"
        section={asked}
        status="in_progress"
        mayRequest={false}
        onChanged={() => {}}
      />,
    );
    expect(screen.getByText('Ready for review')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('offers nothing on an empty or approved section', () => {
    const { rerender } = render(
      <ReviewRequestControl entryId="e1" section={section} status="not_started" mayRequest onChanged={() => {}} />,
    );
    expect(screen.queryByRole('button')).toBeNull();
    rerender(<ReviewRequestControl entryId="e1" section={section} status="approved" mayRequest onChanged={() => {}} />);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
