import { describe, expect, it } from 'vitest';
import { countWords, countWordsAsWordProcessor } from './countWords.ts';

describe('countWordsAsWordProcessor', () => {
  it('counts whitespace-separated tokens, punctuation attached or alone', () => {
    expect(countWordsAsWordProcessor('')).toBe(0);
    expect(countWordsAsWordProcessor(' \n\t\r\n ')).toBe(0);
    expect(countWordsAsWordProcessor('NHS-led, co-designed: 5 years.')).toBe(4);
    // A dash between spaces is a token of its own, as Word counts it.
    expect(countWordsAsWordProcessor('before – after')).toBe(3);
    expect(countWordsAsWordProcessor('first paragraph\n\nsecond\r\nthird')).toBe(4);
  });

  it('counts the list markers a plain-text copy adds, which our own count does not have', () => {
    const copied = '- waits halved\n- see E3\n\n1. first\n2. second';
    // "-", "1." and "2." are words once pasted; the section's own count reads the items without them
    // (portalText.test.ts compares the two on a section).
    expect(countWordsAsWordProcessor(copied)).toBe(10);
  });

  it('joins words at no-break spaces, where our own count splits them', () => {
    const text = 'Dr\u00a0Ada Khan, 10\u202f000 people, 3\u2007km';
    expect(countWordsAsWordProcessor(text)).toBe(5);
    expect(countWords(text)).toBe(8);
  });

  it('splits at the other Unicode spaces as our count does, and not at zero-width characters', () => {
    expect(countWordsAsWordProcessor('a\u2003b\u3000c\u2028d')).toBe(4);
    expect(countWords('a\u2003b\u3000c\u2028d')).toBe(4);
    expect(countWordsAsWordProcessor('zero\u200bwidth\ufeffjoin')).toBe(1);
    expect(countWords('zero\u200bwidth\ufeffjoin')).toBe(2);
  });
});
