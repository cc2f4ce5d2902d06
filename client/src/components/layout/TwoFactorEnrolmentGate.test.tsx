import { render, screen } from '@testing-library/react';
import { createMemoryRouter, Outlet, RouterProvider, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../../auth/SessionProvider.tsx';
import { TwoFactorEnrolmentGate } from './TwoFactorEnrolmentGate.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

function Where() {
  const location = useLocation();
  return <p>At {`${location.pathname}${location.search}`}</p>;
}

/** The gate as the layout mounts it, with GET /api/me saying whether the session is held. */
function open(path: string, held: boolean) {
  vi.stubGlobal(
    'fetch',
    vi.fn(
      async () =>
        new Response(
          JSON.stringify({
            user: { id: 'u1', email: 'a@example.nhs.uk', name: 'Ada', emailVerified: true },
            organisation: { id: 'o1', name: 'Trust', kind: 'nhs_trust' },
            twoFactorEnrolmentRequired: held,
          }),
          { status: 200, headers: { 'Content-Type': 'application/json' } },
        ),
    ),
  );
  const router = createMemoryRouter(
    [
      {
        element: (
          <TwoFactorEnrolmentGate>
            <Outlet />
          </TwoFactorEnrolmentGate>
        ),
        children: [{ path: '*', element: <Where /> }],
      },
    ],
    { initialEntries: [path] },
  );
  render(
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>,
  );
}

describe('TwoFactorEnrolmentGate', () => {
  it('sends a held person from any page to set-up, keeping where they were going', async () => {
    open('/entries/e1/sections/s1?tab=people#comment-2', true);
    expect(
      await screen.findByText(
        'At /settings/two-factor?next=%2Fentries%2Fe1%2Fsections%2Fs1%3Ftab%3Dpeople%23comment-2',
      ),
    ).toBeTruthy();
  });

  it('from the dashboard, with no next to keep', async () => {
    open('/', true);
    expect(await screen.findByText('At /settings/two-factor')).toBeTruthy();
  });

  it('leaves the pages that need no session alone', async () => {
    open('/reset-password/abcdefghijabcdefghijabc', true);
    expect(await screen.findByText('At /reset-password/abcdefghijabcdefghijabc')).toBeTruthy();
  });

  it('lets a person who is not held go anywhere', async () => {
    open('/entries/e1', false);
    // Once GET /api/me has answered (the held case moves within this time, as above).
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.getByText('At /entries/e1')).toBeTruthy();
  });
});
