import { describe, expect, it } from 'vitest';
import { isoTime, utcDate } from './isoTime.ts';

describe('isoTime', () => {
  it('I12-4: prints epoch milliseconds as ISO 8601 in UTC, from a number or a bigint string', () => {
    expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoTime(1_700_000_000_123)).toBe('2023-11-14T22:13:20.123Z');
    // PostgreSQL returns bigint columns as strings.
    expect(isoTime('1700000000123')).toBe('2023-11-14T22:13:20.123Z');
  });

  it('I12-4: utcDate is the UTC calendar date, whatever the local zone', () => {
    expect(utcDate(Date.UTC(2024, 1, 14, 23, 59, 59))).toBe('2024-02-14');
    expect(utcDate(Date.UTC(2024, 1, 15, 0, 0, 0))).toBe('2024-02-15');
  });
});
