import { describe, expect, it } from 'vitest';
import { formatDuration, speakingTime } from './speakingTime.ts';

describe('speakingTime', () => {
  it('estimates words at the pace against the limit, in minutes and seconds', () => {
    // 433 words at 130 a minute: 199.8 s, about 3 min 20 s.
    expect(speakingTime(433, 130, 10)).toEqual({ seconds: 200, over: false, text: 'about 3 min 20 s of 10 min' });
    expect(speakingTime(0, 130, 10).text).toBe('about 0 s of 10 min');
    expect(speakingTime(65, 130, 1).text).toBe('about 30 s of 1 min');
  });

  it('exactly at the limit is within it; past it says how far over, in words', () => {
    expect(speakingTime(1300, 130, 10)).toEqual({ seconds: 600, over: false, text: 'about 10 min of 10 min' });
    expect(speakingTime(1625, 130, 10)).toEqual({
      seconds: 750,
      over: true,
      text: 'about 12 min 30 s of 10 min – 2 min 30 s over the time limit',
    });
  });

  it('follows the pace the lead set', () => {
    expect(speakingTime(600, 200, 5).text).toBe('about 3 min of 5 min');
    expect(speakingTime(600, 60, 5).over).toBe(true);
  });

  it('says when no time limit is set, and is never over then', () => {
    expect(speakingTime(5000, 130, null)).toEqual({
      seconds: 2310,
      over: false,
      text: 'about 38 min 30 s (no time limit set yet)',
    });
  });

  it('formats durations', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(125)).toBe('2 min 5 s');
  });
});
