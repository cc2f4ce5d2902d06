import type { InvitationPreviewDto, MeDto } from '@jointly/shared';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../auth/SessionProvider.tsx';
import { InvitationPage } from './InvitationPage.tsx';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz234567';
const me: MeDto = {
  user: {
    id: 'u1',
    email: 'someone.else@example.org',
    name: 'Sam Else',
    emailVerified: true,
    organisationStatus: 'confirmed',
    organisationRole: 'member',
  },
  organisation: { id: 'o1', name: 'Acme Digital Ltd', kind: 'supplier' },
};
const preview: InvitationPreviewDto = {
  entryTitle: 'Virtual wards together',
  role: 'contributor',
  email: 'ann@supplier.example',
  invitedBy: 'Priya Shah',
  leadOrganisation: 'Leeds Teaching Hospitals',
  expiresAt: '2026-03-08T10:00:00Z',
};

function respond(status: number, body: unknown) {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function openAt(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/invitations/:token', element: <InvitationPage /> },
      { path: '/signin', element: <p>Sign-in page</p> },
    ],
    { initialEntries: [path] },
  );
  render(
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>,
  );
  return router;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('InvitationPage', () => {
  it('I11-4: signed in as someone else: explains, offers no "Accept" that can only fail, and leads to the right sign-in', async () => {
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/me') return respond(200, me);
      if (url === `/api/invitations/${TOKEN}`) return respond(200, preview);
      if (url === '/api/auth/logout' && init?.method === 'POST') return respond(204, null);
      return respond(404, { error: { code: 'not_found', message: 'Not found.' } });
    });
    vi.stubGlobal('fetch', fetchMock);
    const router = openAt(`/invitations/${TOKEN}`);
    await screen.findByText('This invitation is for someone else');
    expect(screen.queryByRole('button', { name: /Accept/ })).toBeNull();
    expect(document.body.textContent).toContain(
      'You are signed in as someone.else@example.org, but the invitation is for ann@supplier.example. Only that account can accept it.',
    );

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sign out and sign in as ann@supplier.example' }));
    });
    expect(fetchMock).toHaveBeenCalledWith('/api/auth/logout', expect.objectContaining({ method: 'POST' }));
    await screen.findByText('Sign-in page');
    const { pathname, search } = router.state.location;
    expect(pathname).toBe('/signin');
    expect(new URLSearchParams(search).get('email')).toBe('ann@supplier.example');
    expect(new URLSearchParams(search).get('next')).toBe(`/invitations/${TOKEN}`);
  });

  it('I11-13: a link whose token cannot be an invitation is "Page not found", without asking the server', async () => {
    const fetchMock = vi.fn(async (url: string) =>
      url === '/api/me' ? respond(200, me) : respond(404, { error: { code: 'not_found', message: 'Not found.' } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    openAt(`/invitations/${TOKEN}.`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
    expect(fetchMock.mock.calls.map(([url]) => url)).not.toContain(`/api/invitations/${TOKEN}.`);
  });
});
