import { act, fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotificationSettingsPage } from './NotificationSettingsPage.tsx';

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

function open(path: string) {
  const router = createMemoryRouter([{ path: '/settings/notifications', element: <NotificationSettingsPage /> }], {
    initialEntries: [path],
  });
  render(<RouterProvider router={router} />);
}

describe('NotificationSettingsPage', () => {
  it('shows each kind as a labelled checkbox, ticked unless off, and saves the unticked ones', async () => {
    const sent: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init?: RequestInit) => {
        if (init?.method === 'PUT') {
          sent.push(JSON.parse(String(init.body)));
          return respond(200, JSON.parse(String(init.body)));
        }
        return respond(200, { emailOff: ['reply'] });
      }),
    );
    open('/settings/notifications');
    const replies = await screen.findByRole('checkbox', { name: 'Replies in threads you are part of' });
    expect((replies as HTMLInputElement).checked).toBe(false);
    const assigned = screen.getByRole('checkbox', { name: 'Sections assigned to you' }) as HTMLInputElement;
    expect(assigned.checked).toBe(true);
    fireEvent.click(assigned);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save choices' }));
    });
    expect(sent).toEqual([{ emailOff: ['reply', 'assignment'] }]);
    expect(await screen.findByText('Your e-mail choices are saved.')).toBeTruthy();
  });
});
