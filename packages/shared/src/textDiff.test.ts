import { describe, expect, it } from 'vitest';
import { diffBlocks, diffTokens, diffWords } from './textDiff.ts';

describe('approval diff, word level (issue 11 item 9)', () => {
  it('splits words, spaces and punctuation', () => {
    expect(diffTokens('Waits halved (see E4).')).toEqual([
      'Waits',
      ' ',
      'halved',
      ' ',
      '(',
      'see',
      ' ',
      'E4',
      ')',
      '.',
    ]);
    expect(diffTokens("patient's co-design")).toEqual(["patient's", ' ', 'co-design']);
  });

  it('I11-9: marks only the words that changed', () => {
    expect(diffWords('Waits fell by a third.', 'Waits fell by half.')).toEqual([
      { kind: 'same', text: 'Waits fell by ' },
      { kind: 'removed', text: 'a third' },
      { kind: 'added', text: 'half' },
      { kind: 'same', text: '.' },
    ]);
    expect(diffWords('Same.', 'Same.')).toEqual([{ kind: 'same', text: 'Same.' }]);
    expect(diffWords('', 'New')).toEqual([{ kind: 'added', text: 'New' }]);
  });

  it('I11-9: one sentence changed in a paragraph is one changed block, not a paragraph removed and added', () => {
    const approved = ['Intro.', 'Waits fell. Staff were trained in May. Patients were asked.', 'End.'];
    const current = ['Intro.', 'Waits fell. Staff were trained in June. Patients were asked.', 'End.'];
    const blocks = diffBlocks(approved, current);
    expect(blocks.map((b) => b.kind)).toEqual(['same', 'changed', 'same']);
    expect(blocks[1]!.parts.filter((p) => p.kind !== 'same')).toEqual([
      { kind: 'removed', text: 'May' },
      { kind: 'added', text: 'June' },
    ]);
  });

  it('a rewritten paragraph stays removed and added; added and removed blocks keep their place', () => {
    const blocks = diffBlocks(
      ['One.', 'Completely different text here.'],
      ['One.', 'Nothing alike at all now', 'Two.'],
    );
    expect(blocks.map((b) => b.kind)).toEqual(['same', 'removed', 'added', 'added']);
    expect(diffBlocks(['A.', 'B.'], ['B.']).map((b) => b.kind)).toEqual(['removed', 'same']);
  });

  it('very long rewritten paragraphs fall back to removed and added without a huge table', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    const started = Date.now();
    const parts = diffWords(`x ${a} y`, `x ${b} y`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(parts.map((p) => p.kind)).toEqual(['removed', 'added']);
  });
});
