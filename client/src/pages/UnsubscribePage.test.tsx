import { act, fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UnsubscribePage } from './UnsubscribePage.tsx';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz234567';

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

function open(path: string) {
  const router = createMemoryRouter([{ path: '/unsubscribe/:token', element: <UnsubscribePage /> }], {
    initialEntries: [path],
  });
  render(<RouterProvider router={router} />);
}

describe('UnsubscribePage', () => {
  it('changes nothing on opening; the button posts the kind without a session', async () => {
    const fetchMock = vi.fn(async () => respond(200, { emailOff: ['assignment'] }));
    vi.stubGlobal('fetch', fetchMock);
    open(`/unsubscribe/${TOKEN}?kind=assignment`);
    expect(screen.getByText(/Stop e-mails about sections assigned to you\?/)).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Stop these e-mails' }));
    });
    expect(fetchMock).toHaveBeenCalledWith(
      `/api/notifications/unsubscribe/${TOKEN}?kind=assignment`,
      expect.objectContaining({ method: 'POST' }),
    );
    expect(await screen.findByText(/You will no longer get e-mails about sections assigned to you/)).toBeTruthy();
  });

  it('says why when the link is unknown', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => respond(404, { error: { code: 'not_found', message: 'Unsubscribe link was not found.' } })),
    );
    open(`/unsubscribe/${TOKEN}`);
    expect(screen.getByText(/Stop every notification e-mail from Jointly\?/)).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Stop these e-mails' }));
    });
    expect((await screen.findByRole('alert')).textContent).toMatch(/not found/i);
  });
});
