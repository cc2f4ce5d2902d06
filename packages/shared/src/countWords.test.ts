import { describe, expect, it } from 'vitest';
import { countWords } from './countWords.ts';

describe('countWords', () => {
  it('counts runs of non-space characters as a word processor does', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('   \n\t ')).toBe(0);
    expect(countWords('Partnership')).toBe(1);
    expect(countWords('  two   words ')).toBe(2);
    expect(countWords('NHS-led, co-designed: 5 years.')).toBe(4);
    expect(countWords('line one\nline two')).toBe(4);
  });

  it('treats non-breaking and other unicode spaces as separators', () => {
    expect(countWords('a\u00a0b\u2003c')).toBe(3);
  });
});
