import { describe, expect, it } from 'vitest';
import { ukInstant, ukParts } from './ukLocalTime.ts';

describe('UK date and time fields', () => {
  it('reads a UK date and time as GMT in winter and BST in summer, and back', () => {
    expect(ukInstant('2027-01-15', '17:00')).toBe('2027-01-15T17:00:00.000Z');
    expect(ukInstant('2027-07-15', '17:00')).toBe('2027-07-15T16:00:00.000Z');
    expect(ukParts('2027-07-15T16:00:00.000Z')).toEqual({ date: '2027-07-15', time: '17:00' });
  });

  it('refuses what is not a real date and time', () => {
    expect(ukInstant('2027-02-30', '17:00')).toBeNull();
    expect(ukInstant('2027-01-15', '')).toBeNull();
    expect(ukInstant('', '17:00')).toBeNull();
  });
});
