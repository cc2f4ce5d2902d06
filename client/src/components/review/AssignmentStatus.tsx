import type { SectionAssignmentDto } from '@jointly/shared';
import { formatCalendarDate } from '../../format/formatDate.ts';

/** "Due 3 March 2026" (blue) or "Overdue" (red) as an NHS.UK tag; nothing without a due date. */
export function DueTag({ assignment }: { assignment: Pick<SectionAssignmentDto, 'dueDate' | 'state'> }) {
  if (assignment.dueDate === null || assignment.state === 'none') return null;
  if (assignment.state === 'overdue') {
    return (
      <>
        <strong className="nhsuk-tag nhsuk-tag--red">Overdue</strong>{' '}
        <span className="jointly-muted">(was due {formatCalendarDate(assignment.dueDate)})</span>
      </>
    );
  }
  return <strong className="nhsuk-tag nhsuk-tag--blue">Due {formatCalendarDate(assignment.dueDate)}</strong>;
}

/** Who a section is assigned to and by when, on its card. Nothing when the server sent no assignment. */
export function AssignmentStatus({ assignment }: { assignment: SectionAssignmentDto | undefined }) {
  if (!assignment) return null;
  if (assignment.assignees.length === 0) {
    return <p className="nhsuk-body-s jointly-section__assignment jointly-muted">Not assigned to anyone yet.</p>;
  }
  return (
    <div className="jointly-section__assignment">
      <p className="nhsuk-body-s jointly-section__assignees">
        <span className="jointly-muted">Assigned to:</span>{' '}
        {assignment.assignees.map((person, index) => (
          <span key={person.userId}>
            {index > 0 ? ', ' : ''}
            {person.name} <span className="jointly-muted">({person.organisation.name})</span>
          </span>
        ))}
        {assignment.dueDate === null ? <span className="jointly-muted">. No due date.</span> : null}
      </p>
      <DueTag assignment={assignment} />
    </div>
  );
}
