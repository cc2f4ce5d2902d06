import { describe, expect, it } from 'vitest';
import { formatUkDate, formatUkDateOfInstant } from './formatUkDate.ts';

describe('UK dates for judges', () => {
  it('I11-16: a calendar date reads as the app shows it; anything else stays as written', () => {
    expect(formatUkDate('2024-02-14')).toBe('14 February 2024');
    expect(formatUkDate('2025-03-01')).toBe('1 March 2025');
    expect(formatUkDate('2024-02-30')).toBe('2024-02-30');
    expect(formatUkDate('Spring 2024')).toBe('Spring 2024');
    expect(formatUkDate('')).toBe('');
  });

  it('I11-16: an instant reads as its date in UK time', () => {
    expect(formatUkDateOfInstant('2024-06-30T23:30:00.000Z')).toBe('1 July 2024');
    expect(formatUkDateOfInstant('2024-02-14T12:00:00.000Z')).toBe('14 February 2024');
  });
});
