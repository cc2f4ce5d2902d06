import type { AccountSessionDto } from '@jointly/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DevicesPanel } from './DevicesPanel.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const at = '2026-12-05T10:00:00.000Z';
const session = (id: string, current: boolean): AccountSessionDto => ({
  id,
  createdAt: at,
  lastActiveAt: at,
  userAgent: null,
  current,
});

describe('DevicesPanel', () => {
  it('marks this device, signs out another by its labelled button and reloads the list', async () => {
    let sessions = [session('here', true), session('phone', false)];
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string, init?: RequestInit) => {
        calls.push(`${init?.method ?? 'GET'} ${path}`);
        if (init?.method === 'DELETE') {
          sessions = sessions.filter((s) => !path.endsWith(`/${s.id}`));
          return new Response(null, { status: 204 });
        }
        return new Response(JSON.stringify({ sessions }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        });
      }),
    );
    await act(async () => {
      render(<DevicesPanel reloadKey={0} />);
    });
    const list = screen.getByRole('list');
    expect(within(list).getByText('This device')).toBeTruthy();
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    // Only other devices get a sign-out button, named so that several can be told apart.
    const buttons = within(list).getAllByRole('button');
    expect(buttons).toHaveLength(1);
    expect(buttons[0]?.getAttribute('aria-label')).toMatch(/^Sign out device 2, last active /);
    await act(async () => {
      fireEvent.click(buttons[0]!);
    });
    expect(calls).toContain('DELETE /api/account/sessions/phone');
    expect(screen.getByRole('status').textContent).toBe('That device has been signed out.');
    expect(within(screen.getByRole('list')).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Sign out of all other devices' })).toBeNull();
  });
});
