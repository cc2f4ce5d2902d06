import { describe, expect, it } from 'vitest';
import { countdownText, daysUntil } from './countdownText.ts';

const at = (iso: string) => Date.parse(iso);

describe('countdownText', () => {
  it('counts UK calendar days, whatever the hour', () => {
    const deadline = '2027-03-13T17:00:00Z';
    expect(countdownText(deadline, at('2027-03-01T09:00:00Z'))).toEqual({ text: '12 days left', urgency: 'later' });
    expect(countdownText(deadline, at('2027-03-01T23:30:00Z'))).toEqual({ text: '12 days left', urgency: 'later' });
    expect(countdownText(deadline, at('2027-03-06T08:00:00Z'))).toEqual({ text: '7 days left', urgency: 'soon' });
    expect(countdownText(deadline, at('2027-03-12T23:59:00Z'))).toEqual({ text: '1 day left', urgency: 'soon' });
    expect(countdownText(deadline, at('2027-03-13T00:01:00Z'))).toEqual({ text: 'Due today', urgency: 'today' });
  });

  it('reads days in UK time: 11:30pm UTC in summer is already the next day in London', () => {
    expect(daysUntil(at('2027-07-10T12:00:00Z'), at('2027-07-08T23:30:00Z'))).toBe(1);
    expect(daysUntil(at('2027-01-10T12:00:00Z'), at('2027-01-08T23:30:00Z'))).toBe(2);
  });

  it('once passed, says so and how long ago', () => {
    const deadline = '2027-03-13T17:00:00Z';
    expect(countdownText(deadline, at('2027-03-13T17:00:00Z'))).toEqual({
      text: 'Deadline passed today',
      urgency: 'passed',
    });
    expect(countdownText(deadline, at('2027-03-14T09:00:00Z'))).toEqual({
      text: 'Passed 1 day ago',
      urgency: 'passed',
    });
    expect(countdownText(deadline, at('2027-03-20T09:00:00Z'))).toEqual({
      text: 'Passed 7 days ago',
      urgency: 'passed',
    });
  });
});
