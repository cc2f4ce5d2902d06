import { describe, expect, it } from 'vitest';
import {
  addDays,
  deadlineReminderAt,
  dueDateReminderAt,
  londonMorningOf,
  planFrom,
  planReminders,
} from './reminderPlan.ts';

const at = (iso: string) => Date.parse(iso);

describe('reminder times', () => {
  it('the morning of is 08:00 in London: 08:00 UTC in winter, 07:00 UTC in summer time', () => {
    expect(new Date(londonMorningOf('2027-01-15')).toISOString()).toBe('2027-01-15T08:00:00.000Z');
    expect(new Date(londonMorningOf('2027-07-15')).toISOString()).toBe('2027-07-15T07:00:00.000Z');
    // The days the clocks change (28 March and 31 October 2027): already the new time at 08:00.
    expect(new Date(londonMorningOf('2027-03-28')).toISOString()).toBe('2027-03-28T07:00:00.000Z');
    expect(new Date(londonMorningOf('2027-10-31')).toISOString()).toBe('2027-10-31T08:00:00.000Z');
  });

  it('7 and 2 days before an instant; the morning of its London day, only when before it', () => {
    const deadline = at('2027-03-01T17:00:00Z');
    expect(new Date(deadlineReminderAt('7d', deadline)!).toISOString()).toBe('2027-02-22T17:00:00.000Z');
    expect(new Date(deadlineReminderAt('2d', deadline)!).toISOString()).toBe('2027-02-27T17:00:00.000Z');
    expect(new Date(deadlineReminderAt('morning', deadline)!).toISOString()).toBe('2027-03-01T08:00:00.000Z');
    // A midnight deadline (23:00 UTC in summer is 00:00 London the next day) has no morning-of reminder.
    expect(deadlineReminderAt('morning', at('2027-06-30T23:00:00Z'))).toBeNull();
    expect(deadlineReminderAt('morning', at('2027-03-01T08:00:00Z'))).toBeNull();
  });

  it('a calendar due date is reminded on the mornings 7 and 2 days before, and on the day', () => {
    expect(addDays('2027-03-02', -7)).toBe('2027-02-23');
    expect(new Date(dueDateReminderAt('7d', '2027-04-02')).toISOString()).toBe('2027-03-26T08:00:00.000Z');
    expect(new Date(dueDateReminderAt('2d', '2027-04-02')).toISOString()).toBe('2027-03-31T07:00:00.000Z');
    expect(new Date(dueDateReminderAt('morning', '2027-04-02')).toISOString()).toBe('2027-04-02T07:00:00.000Z');
  });
});

describe('planReminders', () => {
  const deadline = at('2027-03-01T17:00:00Z');

  it('plans leads and endorsement reminders per offset, and due-date ones per distinct date', () => {
    const plan = planReminders({
      entryId: 'e1',
      countdown: deadline,
      offsets: ['7d', 'morning'],
      dueDates: ['2027-02-20', '2027-02-20'],
    });
    expect(plan.map((p) => p.key)).toEqual([
      'reminder:e1:due_date:7d:2027-02-20',
      'reminder:e1:due_date:morning:2027-02-20',
      'reminder:e1:deadline:7d:2027-03-01T17:00:00.000Z',
      'reminder:e1:endorsement:7d:2027-03-01T17:00:00.000Z',
      'reminder:e1:deadline:morning:2027-03-01T17:00:00.000Z',
      'reminder:e1:endorsement:morning:2027-03-01T17:00:00.000Z',
    ]);
    expect(plan[2]!.payload).toEqual({
      entryId: 'e1',
      target: 'deadline',
      offset: '7d',
      dueAt: deadline,
      dueDate: null,
    });
  });

  it('no offsets or no dates: nothing; a moved deadline: other keys; past reminders are not scheduled', () => {
    expect(planReminders({ entryId: 'e1', countdown: deadline, offsets: [], dueDates: ['2027-02-20'] })).toEqual([]);
    expect(planReminders({ entryId: 'e1', countdown: null, offsets: ['2d'], dueDates: [] })).toEqual([]);
    const before = planReminders({ entryId: 'e1', countdown: deadline, offsets: ['2d'], dueDates: [] });
    const after = planReminders({ entryId: 'e1', countdown: deadline + 60_000, offsets: ['2d'], dueDates: [] });
    expect(before.map((p) => p.key).some((k) => after.some((a) => a.key === k))).toBe(false);
    const plan = planReminders({ entryId: 'e1', countdown: deadline, offsets: ['7d', '2d'], dueDates: [] });
    expect(planFrom(plan, at('2027-02-25T00:00:00Z')).map((p) => p.payload.offset)).toEqual(['2d', '2d']);
  });
});
