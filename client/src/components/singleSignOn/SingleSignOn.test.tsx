import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SingleSignOnButton, SingleSignOnError } from './SingleSignOn.tsx';

const respond = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

async function renderButton(status: unknown, next: string) {
  const fetch = vi.fn(async () => respond(status));
  vi.stubGlobal('fetch', fetch);
  await act(async () => {
    render(<SingleSignOnButton next={next} />);
  });
  return fetch;
}

describe('single sign-on on the sign-in page', () => {
  it('links to the provider by its name, keeping where to go afterwards', async () => {
    const fetch = await renderButton({ enabled: true, displayName: 'NHSmail / Microsoft' }, '/entries/e1?tab=people');
    expect(fetch).toHaveBeenCalledWith('/api/auth/sso', expect.anything());
    const link = screen.getByRole('link', { name: 'Sign in with NHSmail / Microsoft' });
    expect(link.getAttribute('href')).toBe('/api/auth/sso/start?next=%2Fentries%2Fe1%3Ftab%3Dpeople');
  });

  it('shows nothing when single sign-on is off', async () => {
    await renderButton({ enabled: false, displayName: null }, '/');
    expect(screen.queryByRole('link')).toBeNull();
    expect(document.body.textContent).toBe('');
  });

  it('announces why a single sign-on failed, focused, and ignores unknown reasons', () => {
    const { rerender } = render(<SingleSignOnError reason="sso_email_unverified" />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('You were not signed in');
    expect(alert.textContent).toContain('did not confirm your email address');
    expect(document.activeElement).toBe(alert.parentElement);
    rerender(<SingleSignOnError reason="<script>" />);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
