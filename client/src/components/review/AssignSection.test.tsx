import type { MemberDto, SavedSectionAssignmentDto, SectionDto } from '@jointly/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AssignSection } from './AssignSection.tsx';

const leeds = { id: 'o1', name: 'Leeds Teaching Hospitals', kind: 'nhs_trust' as const };
const member = (userId: string, name: string, role: MemberDto['role']): MemberDto => ({
  userId,
  name,
  email: `${userId}@example.org`,
  role,
  organisation: leeds,
  joinedAt: '2026-01-01T00:00:00Z',
  organisationStatus: 'confirmed',
});
const members = [
  member('u1', 'Priya Shah', 'lead'),
  member('u2', 'Zoe Smith', 'contributor'),
  member('u3', 'Vera Jones', 'viewer'),
];
const section = { id: 'context', title: 'Context and evolution', assignment: undefined } as unknown as SectionDto;

function respond(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('AssignSection (issue 11 item 14)', () => {
  it('I11-14: offers only members who can write, and says why viewers are not listed', () => {
    render(<AssignSection entryId="e1" section={section} members={members} onAssigned={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Assign Context and evolution' }));
    const group = screen.getByRole('group', { name: 'Assign to' });
    expect(
      within(group)
        .getAllByRole('checkbox')
        .map((box) => box.closest('div')?.textContent),
    ).toEqual(['Priya Shah (Leeds Teaching Hospitals)', 'Zoe Smith (Leeds Teaching Hospitals)']);
    expect(group.textContent).toContain('Viewers are not listed: they cannot write.');
  });

  it('I11-14: warns of a due date in the past before saving, and shows the server’s warning after', async () => {
    const saved: SavedSectionAssignmentDto = {
      sectionId: 'context',
      assignees: [{ userId: 'u2', name: 'Zoe Smith', organisation: { id: 'o1', name: leeds.name } }],
      dueDate: '2020-01-31',
      state: 'overdue',
      warnings: ['due_date_in_past'],
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => respond(saved)),
    );
    render(<AssignSection entryId="e1" section={section} members={members} onAssigned={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Assign Context and evolution' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Zoe Smith (Leeds Teaching Hospitals)' }));
    const due = screen.getByLabelText('Due date');
    fireEvent.change(due, { target: { value: '2020-01-31' } });
    const before = document.getElementById(due.getAttribute('aria-describedby')?.split(' ')[1] ?? '');
    expect(before?.textContent).toContain('this date is in the past');

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save assignment' }));
    });
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('“Context and evolution” assigned to Zoe Smith, due 31 January 2020.');
    const warning = within(status).getByText(/is in the past/);
    expect(warning.className).not.toContain('visually-hidden');
    expect(warning.textContent).toBe(
      'Warning: The due date, 31 January 2020, is in the past, so “Context and evolution” shows as overdue. Open “Assign” again to change it.',
    );
  });

  it('shows the server’s refusal by its field in a focused summary; the form stays open to correct it', async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: {
              code: 'validation_failed',
              message: 'Check the assignment',
              issues: [{ path: 'assigneeUserIds.0', message: 'Choose members of the entry' }],
            },
          }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const onAssigned = vi.fn();
    render(<AssignSection entryId="e1" section={section} members={members} onAssigned={onAssigned} />);
    fireEvent.click(screen.getByRole('button', { name: 'Assign Context and evolution' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Zoe Smith (Leeds Teaching Hospitals)' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save assignment' }));
    });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const summary = screen.getByRole('alert');
    expect(within(summary).getByRole('heading').textContent).toBe('The assignment could not be saved');
    expect(document.activeElement).toBe(summary.parentElement);
    const link = within(summary).getByRole('link', { name: 'Choose members of the entry' });
    // The link leads to the people's checkboxes.
    const target = document.getElementById(link.getAttribute('href')?.slice(1) ?? '');
    expect(target?.closest('fieldset')).toBe(screen.getByRole('group', { name: /Assign to/ }));
    expect(onAssigned).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Assign Context and evolution' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
  });
});
