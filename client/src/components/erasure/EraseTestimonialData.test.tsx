import type { ErasureDto } from '@jointly/shared';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EraseTestimonialData } from './EraseTestimonialData.tsx';

const erasure: ErasureDto = {
  id: 'er1',
  itemId: 'testimonial-1',
  kind: 'request',
  reason: 'The patient asked',
  erasedBy: { userId: 'u1', name: 'Priya Shah', organisation: { id: 'o1', name: 'Leeds Trust' } },
  erasedAt: '2026-04-05T09:00:00Z',
  fields: ['personName', 'quote'],
  consentRecordId: null,
  filesRemoved: 0,
  versions: [{ version: 1, previousHash: 'a', newHash: 'b' }],
};

const respond = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('erasing a testimonial’s subject (issue 18 item 2)', () => {
  it('asks for a reason first, by keyboard, sends it, and announces the outcome', async () => {
    const fetchMock = vi.fn(async () => respond(201, erasure));
    vi.stubGlobal('fetch', fetchMock);
    render(<EraseTestimonialData entryId="e1" itemId="testimonial-1" title="Zoë Patient" erased={false} />);
    fireEvent.click(screen.getByRole('button', { name: 'Erase this person’s data (testimonial: Zoë Patient)' }));
    const reason = screen.getByLabelText('Why is this person’s data erased?');
    expect(document.activeElement).toBe(reason);
    fireEvent.click(screen.getByRole('button', { name: 'Erase permanently' }));
    expect(await screen.findByText('Say why this person’s data is erased')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
    fireEvent.change(reason, { target: { value: '  The patient asked  ' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Erase permanently' }));
    });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/entries/e1/erasures');
    expect(JSON.parse(String(init.body))).toEqual({ itemId: 'testimonial-1', reason: 'The patient asked' });
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('1 submitted version was re-attested');
    expect(document.activeElement).toBe(status);
  });

  it('the outcome stays, focused, when the card turns "[redacted]" (the resync may come first)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => respond(201, erasure)),
    );
    const { rerender } = render(
      <EraseTestimonialData entryId="e1" itemId="testimonial-1" title="Zoë Patient" erased={false} />,
    );
    fireEvent.click(screen.getByRole('button', { name: /Erase this person’s data/ }));
    fireEvent.change(screen.getByLabelText('Why is this person’s data erased?'), { target: { value: 'Asked' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Erase permanently' }));
    });
    rerender(<EraseTestimonialData entryId="e1" itemId="testimonial-1" title="[redacted]" erased={true} />);
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('This person’s data was erased');
    expect(document.activeElement).toBe(status);
  });

  it('offers nothing on a card already erased', () => {
    const { container } = render(<EraseTestimonialData entryId="e1" itemId="t" title="[redacted]" erased={true} />);
    expect(container.innerHTML).toBe('');
  });

  it('Cancel sends nothing and returns focus to the button; a refusal is shown beside the form', async () => {
    const fetchMock = vi.fn(async () =>
      respond(409, { error: { code: 'already_erased', message: 'This person’s data was erased already.' } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    render(<EraseTestimonialData entryId="e1" itemId="testimonial-1" title="Zoë Patient" erased={false} />);
    fireEvent.click(screen.getByRole('button', { name: /Erase this person’s data/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await act(async () => new Promise((resolve) => setTimeout(resolve, 5)));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /Erase this person’s data/ }));
    expect(fetchMock).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: /Erase this person’s data/ }));
    fireEvent.change(screen.getByLabelText('Why is this person’s data erased?'), { target: { value: 'Asked' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Erase permanently' }));
    });
    expect(await screen.findByText('This person’s data was erased already.')).toBeTruthy();
  });
});
