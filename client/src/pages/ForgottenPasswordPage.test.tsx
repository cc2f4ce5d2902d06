import { act, fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ForgottenPasswordPage } from './ForgottenPasswordPage.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

function open(path = '/forgotten-password') {
  const router = createMemoryRouter([{ path: '/forgotten-password', element: <ForgottenPasswordPage /> }], {
    initialEntries: [path],
  });
  render(<RouterProvider router={router} />);
}

describe('ForgottenPasswordPage', () => {
  it('checks the address before sending, then says a link went there only if it has an account', async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(JSON.stringify({ status: 'sent_if_registered' }), {
          status: 202,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    vi.stubGlobal('fetch', fetchMock);
    open();
    const field = screen.getByRole('textbox', { name: 'Email address' });
    fireEvent.change(field, { target: { value: 'not an address' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send the link' }));
    });
    expect(fetchMock).not.toHaveBeenCalled();
    expect(field.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(field, { target: { value: 'Ada@Example.NHS.uk' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send the link' }));
    });
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/auth/password-reset',
      expect.objectContaining({ method: 'POST', body: JSON.stringify({ email: 'Ada@Example.NHS.uk' }) }),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Check your email' })).toBeTruthy();
    expect(screen.getByText(/has a Jointly account, we have sent it a link/)).toBeTruthy();
  });

  it('starts from the address typed on the sign-in page', () => {
    vi.stubGlobal('fetch', vi.fn());
    open('/forgotten-password?email=ada%40example.nhs.uk');
    expect((screen.getByRole('textbox', { name: 'Email address' }) as HTMLInputElement).value).toBe(
      'ada@example.nhs.uk',
    );
  });
});
