import { act, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeDeps } from './fakeStream.ts';
import { BELL_ANNOUNCE_MIN_MS, NotificationBell } from './NotificationBell.tsx';
import { createUnreadStore } from './unreadStore.ts';

afterEach(() => {
  vi.useRealTimers();
});

function renderBell() {
  const { deps, streams } = fakeDeps(() => 0);
  const store = createUnreadStore(deps);
  const router = createMemoryRouter(
    [
      { path: '/', element: <NotificationBell store={store} /> },
      { path: '/tasks', element: <h1>My tasks page</h1> },
    ],
    { initialEntries: ['/'] },
  );
  render(<RouterProvider router={router} />);
  return { stream: streams[0]!, router };
}

describe('NotificationBell', () => {
  it('is a link to My tasks named with the unread count, live', () => {
    const { stream } = renderBell();
    const link = screen.getByRole('link', { name: 'My tasks' });
    expect(link.getAttribute('href')).toBe('/tasks');
    act(() => stream.push(3));
    expect(screen.getByRole('link', { name: 'My tasks 3 unread' })).toBe(link);
    act(() => stream.push(0));
    expect(screen.getByRole('link', { name: 'My tasks' })).toBe(link);
  });

  it('announces a rise politely, not the first count, not a fall, and at most once in the quiet period', async () => {
    vi.useFakeTimers();
    const { stream } = renderBell();
    const status = screen.getByRole('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    act(() => stream.push(2));
    expect(status.textContent).toBe('');
    act(() => stream.push(3));
    expect(status.textContent).toBe('You have 3 unread notifications.');
    // More arrive within the quiet period: one later announcement with the latest count.
    act(() => stream.push(4));
    act(() => stream.push(5));
    expect(status.textContent).toBe('You have 3 unread notifications.');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(BELL_ANNOUNCE_MIN_MS);
    });
    expect(status.textContent).toBe('You have 5 unread notifications.');
    act(() => stream.push(1));
    expect(status.textContent).toBe('You have 5 unread notifications.');
  });

  it('is focusable and leads to /tasks', async () => {
    const { router } = renderBell();
    const link = screen.getByRole('link', { name: 'My tasks' });
    link.focus();
    expect(document.activeElement).toBe(link);
    await act(async () => {
      link.click();
    });
    expect(router.state.location.pathname).toBe('/tasks');
  });
});
