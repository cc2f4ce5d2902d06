import { act, fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../auth/SessionProvider.tsx';
import { TwoFactorSettingsPage } from './TwoFactorSettingsPage.tsx';

const respond = (status: number, body: unknown) =>
  status === 204
    ? new Response(null, { status })
    : new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const CODES = Array.from({ length: 10 }, (_, i) => `abcd${i}-efgh${i}`);

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Who GET /api/me says is signed in; `held` while their organisation requires set-up (issue 15). */
const meOf = (held: boolean) => ({
  user: { id: 'u1', email: 'ada@example.nhs.uk', name: 'Ada', emailVerified: true },
  organisation: { id: 'o1', name: 'Riverside NHS Trust', kind: 'nhs_trust' },
  twoFactorEnrolmentRequired: held,
});

/** fetch answering GET /api/me with `me()`, everything else with `handle`. */
function stubFetch(handle: (url: string, init?: RequestInit) => Promise<Response>, me = () => meOf(false)) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => (url === '/api/me' ? respond(200, me()) : handle(url, init))),
  );
}

function open(path = '/settings/two-factor') {
  const router = createMemoryRouter(
    [
      { path: '/settings/two-factor', element: <TwoFactorSettingsPage /> },
      { path: '/entries/:id', element: <p>The entry page</p> },
    ],
    { initialEntries: [path] },
  );
  render(
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>,
  );
}

describe('TwoFactorSettingsPage', () => {
  it('sets up: QR code with a text alternative and the key as text, a code turns it on, recovery codes shown once', async () => {
    const calls: string[] = [];
    stubFetch(
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push(`${init?.method ?? 'GET'} ${url} ${init?.body ?? ''}`);
        if (url.endsWith('/setup'))
          return respond(200, { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', uri: 'otpauth://x', qrSvg: '<svg></svg>' });
        if (url.endsWith('/confirm')) return respond(200, { recoveryCodes: CODES });
        return respond(200, { enabled: false, recoveryCodesLeft: 0 });
      }),
    );
    open();
    const setUp = await screen.findByRole('button', { name: 'Set up two-factor authentication' });
    await act(async () => {
      fireEvent.click(setUp);
    });
    const qr = screen.getByRole('img', { name: /QR code to add Jointly to your authenticator app/ });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(screen.getByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Add Jointly to your authenticator app');
    fireEvent.change(screen.getByLabelText('Enter the 6-digit code from your authenticator app'), {
      target: { value: '654321' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Turn on two-factor authentication' }));
    });
    expect(calls.at(-1)).toBe('POST /api/me/two-factor/confirm {"code":"654321"}');
    const list = screen.getByRole('list', { name: 'Recovery codes' });
    expect(list.textContent).toContain(CODES[0]);
    expect(list.textContent).toContain(CODES[9]);
    expect(document.activeElement?.textContent).toBe('Save your recovery codes');
    expect(screen.getByRole('button', { name: 'Copy codes' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download codes' })).toBeTruthy();
    expect(screen.getByText('Two-factor authentication is on. You have 10 recovery codes left.')).toBeTruthy();
  });

  it('turns off with the password and a code; a wrong code shows on its field', async () => {
    let wrong = true;
    stubFetch(
      vi.fn(async (url: string) => {
        if (url.endsWith('/disable')) {
          if (wrong) {
            wrong = false;
            return respond(400, { error: { code: 'invalid_code', message: 'That code is not right.' } });
          }
          return respond(204, null);
        }
        return respond(200, { enabled: true, recoveryCodesLeft: 3 });
      }),
    );
    open();
    expect(await screen.findByText('Two-factor authentication is on. You have 3 recovery codes left.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Your password'), { target: { value: 'correct horse battery staple' } });
    const codes = screen.getAllByLabelText('Enter the 6-digit code from your authenticator app');
    fireEvent.change(codes[1]!, { target: { value: '111111' } });
    const off = screen.getByRole('button', { name: 'Turn off two-factor authentication' });
    await act(async () => {
      fireEvent.click(off);
    });
    expect(codes[1]!.getAttribute('aria-invalid')).toBe('true');
    await act(async () => {
      fireEvent.click(off);
    });
    expect(screen.getByText('Two-factor authentication is off.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Set up two-factor authentication' })).toBeTruthy();
  });

  it('says why when the organisation requires it, and continues where the person was going once it is on', async () => {
    let held = true;
    stubFetch(
      vi.fn(async (url: string) => {
        if (url.endsWith('/setup'))
          return respond(200, { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', uri: 'otpauth://x', qrSvg: '<svg></svg>' });
        if (url.endsWith('/confirm')) {
          held = false;
          return respond(200, { recoveryCodes: CODES });
        }
        return respond(200, { enabled: false, recoveryCodesLeft: 0 });
      }),
      () => meOf(held),
    );
    open('/settings/two-factor?next=%2Fentries%2Fe1');
    expect(
      await screen.findByRole(
        'heading',
        { name: /Your organisation requires two-factor authentication/ },
        { timeout: 5000 },
      ),
    ).toBeTruthy();
    expect(screen.getByText(/Riverside NHS Trust asks everyone who signs in with a password/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Continue' })).toBeNull();
    await act(async () => {
      fireEvent.click(
        await screen.findByRole('button', { name: 'Set up two-factor authentication' }, { timeout: 5000 }),
      );
    });
    fireEvent.change(screen.getByLabelText('Enter the 6-digit code from your authenticator app'), {
      target: { value: '654321' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Turn on two-factor authentication' }));
    });
    // The codes first (focused), then the way on; the explanation goes once the session is free.
    expect(document.activeElement?.textContent).toBe('Save your recovery codes');
    const next = await screen.findByRole('link', { name: 'Continue' });
    expect(next.getAttribute('href')).toBe('/entries/e1');
    expect(screen.queryByRole('heading', { name: /Your organisation requires/ })).toBeNull();
    await act(async () => {
      fireEvent.click(next);
    });
    expect(screen.getByText('The entry page')).toBeTruthy();
  });

  it('continues to the dashboard, never to another site, whatever next says', async () => {
    let held = true;
    stubFetch(
      vi.fn(async (url: string) => {
        if (url.endsWith('/setup'))
          return respond(200, { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', uri: 'otpauth://x', qrSvg: '<svg></svg>' });
        if (url.endsWith('/confirm')) {
          held = false;
          return respond(200, { recoveryCodes: CODES });
        }
        return respond(200, { enabled: false, recoveryCodesLeft: 0 });
      }),
      () => meOf(held),
    );
    open('/settings/two-factor?next=https%3A%2F%2Fevil.example%2F');
    expect(await screen.findByRole('heading', { name: /Your organisation requires/ }, { timeout: 5000 })).toBeTruthy();
    await act(async () => {
      fireEvent.click(
        await screen.findByRole('button', { name: 'Set up two-factor authentication' }, { timeout: 5000 }),
      );
    });
    fireEvent.change(screen.getByLabelText('Enter the 6-digit code from your authenticator app'), {
      target: { value: '654321' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Turn on two-factor authentication' }));
    });
    expect((await screen.findByRole('link', { name: 'Continue' })).getAttribute('href')).toBe('/');
  });
});
