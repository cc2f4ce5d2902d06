import type { NotificationDto, NotificationListDto, TasksDto } from '@jointly/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeDeps } from '../components/notifications/fakeStream.ts';
import { createUnreadStore } from '../components/notifications/unreadStore.ts';
import { TasksPage } from './TasksPage.tsx';

const actor = { userId: 'u2', name: 'Priya Shah', organisation: { id: 'o2', name: 'Leeds Teaching Hospitals' } };
const note = (id: string, over: Partial<NotificationDto> = {}): NotificationDto => ({
  id,
  kind: 'assignment',
  entry: { id: 'e1', title: 'Virtual wards together' },
  section: { id: 'context-and-evolution', title: 'Context and evolution' },
  actor,
  ref: null,
  href: '/entries/e1/sections/context-and-evolution',
  createdAt: '2026-12-05T09:00:00Z',
  readAt: null,
  ...over,
});
const tasks: TasksDto = {
  tasks: [
    {
      kind: 'assignment_due',
      entry: { id: 'e1', title: 'Virtual wards together' },
      section: { id: 'context-and-evolution', title: 'Context and evolution' },
      dueDate: '2026-12-01',
      state: 'overdue',
      href: '/entries/e1/sections/context-and-evolution',
    },
    {
      kind: 'review_requested',
      entry: { id: 'e1', title: 'Virtual wards together' },
      section: { id: 'benefits-and-outcomes', title: 'Benefits and outcomes' },
      requestedBy: actor,
      requestedAt: '2026-12-05T08:00:00Z',
      href: '/entries/e1/sections/benefits-and-outcomes',
    },
  ],
};

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

function setUp(list: NotificationListDto) {
  let current = list;
  const calls: { url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, body: init?.body ? JSON.parse(String(init.body)) : null });
      if (url === '/api/tasks') return respond(200, tasks);
      if (url === '/api/notifications') return respond(200, current);
      if (url === '/api/notifications/read') {
        const body = JSON.parse(String(init?.body)) as { ids?: string[]; all?: true };
        current = {
          unread: 0,
          notifications: current.notifications.map((n) =>
            body.all || body.ids?.includes(n.id) ? { ...n, readAt: '2026-12-05T10:00:00Z' } : n,
          ),
        };
        current.unread = current.notifications.filter((n) => n.readAt === null).length;
        return respond(200, { unread: current.unread });
      }
      return respond(404, { error: { code: 'not_found', message: 'Not found.' } });
    }),
  );
  const { deps, streams } = fakeDeps(() => 0);
  const store = createUnreadStore(deps);
  const router = createMemoryRouter([{ path: '/tasks', element: <TasksPage store={store} /> }], {
    initialEntries: ['/tasks'],
  });
  render(<RouterProvider router={router} />);
  return {
    calls,
    stream: () => streams[0]!,
    replace: (next: NotificationListDto) => {
      current = next;
    },
  };
}

describe('TasksPage', () => {
  it('lists tasks and notifications, each linking to its place', async () => {
    setUp({
      unread: 1,
      notifications: [
        note('n1'),
        note('n2', {
          kind: 'mention',
          ref: 'c1',
          href: '/entries/e1/sections/context-and-evolution#comment-c1',
          readAt: '2026-12-05T09:30:00Z',
        }),
      ],
    });
    const todo = await screen.findByRole('list', { name: 'To do' });
    const overdue = within(todo).getByRole('link', {
      name: /“Context and evolution” in “Virtual wards together” is overdue/,
    });
    expect(overdue.getAttribute('href')).toBe('/entries/e1/sections/context-and-evolution');
    expect(within(todo).getByText('Overdue')).toBeTruthy();
    expect(
      within(todo).getByRole('link', { name: /Priya Shah \(Leeds Teaching Hospitals\) asked you to review/ }),
    ).toBeTruthy();
    const notes = await screen.findByRole('list', { name: 'Notifications' });
    const mention = within(notes).getByRole('link', { name: /mentioned you in a comment on “Context and evolution”/ });
    expect(mention.getAttribute('href')).toBe('/entries/e1/sections/context-and-evolution#comment-c1');
    expect(within(notes).getAllByText('New')).toHaveLength(1);
  });

  it('marks one read, then all, by keyboard-operable buttons, and announces it', async () => {
    const { calls } = setUp({ unread: 2, notifications: [note('n1'), note('n2', { kind: 'reply' })] });
    const notes = await screen.findByRole('list', { name: 'Notifications' });
    const one = within(notes).getAllByRole('button', { name: /^Mark as read/ })[0]!;
    expect(one.tagName).toBe('BUTTON');
    await act(async () => {
      fireEvent.click(one);
    });
    expect(calls.find((c) => c.url === '/api/notifications/read')?.body).toEqual({ ids: ['n1'] });
    await screen.findByText('Notification marked as read.');
    expect(within(notes).getAllByText('New')).toHaveLength(1);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Mark all as read' }));
    });
    expect(calls.filter((c) => c.url === '/api/notifications/read').at(-1)?.body).toEqual({ all: true });
    await screen.findByText('All notifications marked as read.');
    expect(screen.queryByText('New')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Notifications' }));
  });

  it('reads the list again when the pushed count changes', async () => {
    const { stream, replace } = setUp({ unread: 0, notifications: [] });
    await screen.findByText('No notifications yet.');
    replace({ unread: 1, notifications: [note('n9', { kind: 'approval_requested' })] });
    await act(async () => {
      stream().push(1);
    });
    expect(await screen.findByRole('link', { name: /asked for approval of “Context and evolution”/ })).toBeTruthy();
  });
});
