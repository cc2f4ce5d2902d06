import type { SectionAssignmentDto } from '@jointly/shared';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AssignedToMe } from '../entry/EntrySummaryCard.tsx';
import { AssignmentStatus, DueTag } from './AssignmentStatus.tsx';

const priya = { userId: 'u1', name: 'Priya Shah', organisation: { id: 'o1', name: 'Leeds Teaching Hospitals' } };
const zoe = { userId: 'u2', name: 'Zoe Smith', organisation: { id: 'o2', name: 'Supplier Ltd' } };

const assignment = (over: Partial<SectionAssignmentDto>): SectionAssignmentDto => ({
  sectionId: 's1',
  assignees: [priya, zoe],
  dueDate: '2026-03-14',
  state: 'due',
  ...over,
});

describe('due and overdue tags', () => {
  it('shows "Due <date>" as a blue tag when the due date is today or later', () => {
    const { container } = render(<DueTag assignment={{ dueDate: '2026-03-14', state: 'due' }} />);
    const tag = screen.getByText('Due 14 March 2026');
    expect(tag.tagName).toBe('STRONG');
    expect(tag.className).toBe('nhsuk-tag nhsuk-tag--blue');
    expect(container.textContent).not.toContain('Overdue');
  });

  it('shows "Overdue" as a red tag, with the date it was due', () => {
    const { container } = render(<DueTag assignment={{ dueDate: '2026-01-02', state: 'overdue' }} />);
    const tag = screen.getByText('Overdue');
    expect(tag.className).toBe('nhsuk-tag nhsuk-tag--red');
    expect(container.textContent).toBe('Overdue (was due 2 January 2026)');
  });

  it('shows no tag without a due date', () => {
    const { container } = render(<DueTag assignment={{ dueDate: null, state: 'none' }} />);
    expect(container.textContent).toBe('');
  });

  it('a due date is the calendar date whatever the time zone (no shift across midnight)', () => {
    render(<DueTag assignment={{ dueDate: '2026-10-31', state: 'due' }} />);
    expect(screen.getByText('Due 31 October 2026')).toBeTruthy();
  });
});

describe('AssignmentStatus on a section card', () => {
  it('names each assignee with their organisation, and the due tag', () => {
    const { container } = render(<AssignmentStatus assignment={assignment({ state: 'overdue' })} />);
    expect(container.textContent).toContain(
      'Assigned to: Priya Shah (Leeds Teaching Hospitals), Zoe Smith (Supplier Ltd)',
    );
    expect(screen.getByText('Overdue').className).toContain('nhsuk-tag--red');
  });

  it('says when nobody is assigned, and when there is no due date', () => {
    const { container, rerender } = render(
      <AssignmentStatus assignment={assignment({ assignees: [], dueDate: null, state: 'none' })} />,
    );
    expect(container.textContent).toBe('Not assigned to anyone yet.');
    rerender(<AssignmentStatus assignment={assignment({ dueDate: null, state: 'none' })} />);
    expect(container.textContent).toContain('No due date.');
    expect(container.querySelector('.nhsuk-tag')).toBeNull();
  });

  it('shows nothing when the server sent no assignment', () => {
    const { container } = render(<AssignmentStatus assignment={undefined} />);
    expect(container.textContent).toBe('');
  });
});

describe('Assigned to you on the dashboard', () => {
  it('shows the counts when there are any', () => {
    const { container } = render(<AssignedToMe counts={{ due: 2, overdue: 1 }} />);
    expect(container.textContent).toBe('Assigned to you: 2 due, 1 overdue');
    expect(screen.getByText('1 overdue').className).toContain('nhsuk-tag--red');
  });

  it('shows nothing when both are zero or unknown', () => {
    expect(render(<AssignedToMe counts={{ due: 0, overdue: 0 }} />).container.textContent).toBe('');
    expect(render(<AssignedToMe counts={undefined} />).container.textContent).toBe('');
  });
});
