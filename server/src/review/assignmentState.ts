import type { AssignmentState } from '@jointly/shared';

/** 'overdue' before today (UTC), 'due' from today on, 'none' without a due date or assignees. */
export function assignmentState(dueDate: string | null, assigneeCount: number, today: string): AssignmentState {
  if (dueDate === null || assigneeCount === 0) return 'none';
  return dueDate < today ? 'overdue' : 'due';
}
