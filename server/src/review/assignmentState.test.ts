import { describe, expect, it } from 'vitest';
import { assignmentState } from './assignmentState.ts';

describe('assignmentState', () => {
  it('I12-4: none without a due date or without assignees', () => {
    expect(assignmentState(null, 2, '2025-03-10')).toBe('none');
    expect(assignmentState('2025-03-01', 0, '2025-03-10')).toBe('none');
  });

  it('I12-4: overdue only before today (UTC); due on the day itself and after', () => {
    expect(assignmentState('2025-03-09', 1, '2025-03-10')).toBe('overdue');
    expect(assignmentState('2025-03-10', 1, '2025-03-10')).toBe('due');
    expect(assignmentState('2025-03-11', 1, '2025-03-10')).toBe('due');
  });
});
