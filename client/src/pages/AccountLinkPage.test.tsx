import { act, fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../auth/SessionProvider.tsx';
import { AccountLinkPage } from './AccountLinkPage.tsx';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

function respond(status: number, body?: unknown) {
  return body === undefined
    ? new Response(null, { status })
    : new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

function open(kind: 'verify-email' | 'email-change', answer: Response) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? 'GET'} ${path}`);
      if (path === '/api/me') return respond(401, { error: { code: 'unauthenticated', message: 'Sign in.' } });
      return answer;
    }),
  );
  const router = createMemoryRouter([{ path: '/link/:token', element: <AccountLinkPage kind={kind} /> }], {
    initialEntries: [`/link/${TOKEN}`],
  });
  render(
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>,
  );
  return calls;
}

describe('AccountLinkPage', () => {
  it('changes nothing on opening (mail scanners open links); the button confirms the address', async () => {
    const calls = open('verify-email', respond(204));
    expect(screen.getByRole('heading', { level: 1, name: 'Confirm your email address' })).toBeTruthy();
    expect(calls.filter((call) => call.startsWith('POST'))).toEqual([]);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Confirm my email address' }));
    });
    expect(calls).toContain(`POST /api/auth/verify-email/${TOKEN}`);
    expect((await screen.findByRole('status')).textContent).toContain('Your email address is confirmed.');
  });

  it('says why when the link has expired or was used', async () => {
    open(
      'email-change',
      respond(400, { error: { code: 'link_invalid', message: 'This link has expired or has already been used.' } }),
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Use this email address' }));
    });
    expect((await screen.findByRole('alert')).textContent).toMatch(/expired or has already been used/);
  });
});
