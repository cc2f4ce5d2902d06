import { describe, expect, it } from 'vitest';
import {
  CITATION_ATOM_TEXT,
  findChipReferences,
  findTypedReferences,
  MAX_TYPED_RANGE,
  relabelTypedReferences,
} from './typedCitations.ts';

const labels = (text: string) => findTypedReferences(text).map((reference) => reference.label);

describe('I11-1: typed references to exhibits', () => {
  it('reads "see E4" in any case, with "also" or "exhibit"', () => {
    expect(labels('Waits halved, see E4.')).toEqual(['E4']);
    expect(labels('See E12 for the audit.')).toEqual(['E12']);
    expect(labels('SEE E3')).toEqual(['E3']);
    expect(labels('see also E2; see exhibit E5 and see exhibits E6, E7')).toEqual(['E2', 'E5', 'E6', 'E7']);
    expect(labels('see\u00a0E4')).toEqual(['E4']);
  });

  it('reads a label alone in brackets, and lists in brackets', () => {
    expect(labels('Waits halved (E4).')).toEqual(['E4']);
    expect(labels('Waits halved ( E4 ) and fell (E5, E6).')).toEqual(['E4', 'E5', 'E6']);
    expect(labels('(see E4)')).toEqual(['E4']);
  });

  it('expands ranges with a hyphen, en dash, em dash or minus, spaced or not', () => {
    expect(labels('E4–E6')).toEqual(['E4', 'E5', 'E6']);
    expect(labels('E4-E6')).toEqual(['E4', 'E5', 'E6']);
    expect(labels('E4 — E5')).toEqual(['E4', 'E5']);
    expect(labels('E4\u2212E5')).toEqual(['E4', 'E5']);
    expect(labels('see E1-E3 and E9')).toEqual(['E1', 'E2', 'E3', 'E9']);
  });

  it('reads lists of two or more labels joined by commas, "and" or "&"', () => {
    expect(labels('E4, E5')).toEqual(['E4', 'E5']);
    expect(labels('E4 and E5')).toEqual(['E4', 'E5']);
    expect(labels('E4, E5, and E6')).toEqual(['E4', 'E5', 'E6']);
    expect(labels('E4 & E5')).toEqual(['E4', 'E5']);
  });

  it('does not read a lone bare label, or a label inside a word or a number', () => {
    expect(labels('The E4 postcode area')).toEqual([]);
    expect(labels('see E4x')).toEqual([]);
    expect(labels('see HE4')).toEqual([]);
    expect(labels('E4x, E5y')).toEqual([]);
    expect(labels('see E4.5 of the plan')).toEqual([]);
    expect(labels('oversee E4')).toEqual([]);
    expect(labels('(E4 postcode)')).toEqual([]);
    expect(labels('see e4')).toEqual([]);
    expect(labels('see exhibit')).toEqual([]);
  });

  it('does not read across a line break', () => {
    expect(labels('see\nE4')).toEqual([]);
    expect(labels('E4\n-E5')).toEqual([]);
  });

  it('ends a reference at the punctuation after it', () => {
    expect(labels('see E4, which shows')).toEqual(['E4']);
    expect(labels('see E4 - the first audit')).toEqual(['E4']);
    expect(labels('see E4.')).toEqual(['E4']);
  });

  it('normalises leading zeros', () => {
    expect(labels('see E04')).toEqual(['E4']);
  });

  it('reads a reversed or very wide range as its two ends', () => {
    expect(labels('E6–E4')).toEqual(['E6', 'E4']);
    expect(labels(`E1–E${MAX_TYPED_RANGE + 2}`)).toEqual(['E1', `E${MAX_TYPED_RANGE + 2}`]);
    expect(labels(`E1–E${MAX_TYPED_RANGE + 1}`)).toHaveLength(MAX_TYPED_RANGE + 1);
  });

  it('gives the offsets of each label, and of the whole range for a label inside one', () => {
    const text = 'Fewer falls (see E4) and E7–E9.';
    expect(findTypedReferences(text)).toEqual([
      { label: 'E4', start: 17, end: 19 },
      { label: 'E7', start: 25, end: 27 },
      { label: 'E8', start: 25, end: 30 },
      { label: 'E9', start: 28, end: 30 },
    ]);
    expect(text.slice(25, 30)).toBe('E7–E9');
  });
});

describe('I11-1: relabelling typed references', () => {
  it('rewrites each label as written, keeps unknown ones and the text around them', () => {
    const judge = new Map([
      ['E4', 'E3'],
      ['E8', 'E6'],
    ]);
    const relabel = (label: string) => judge.get(label) ?? null;
    expect(relabelTypedReferences('Waits halved (see E4) and fell (E4–E8); E9, E8. E4 alone.', relabel)).toBe(
      'Waits halved (see E3) and fell (E3–E6); E9, E6. E4 alone.',
    );
  });
});

describe('I11-1: references a citation chip can replace', () => {
  it('finds "see E4" alone, from "see" to the end of the label', () => {
    expect(findChipReferences('Waits halved (see E4). See E12, said the audit.')).toEqual([
      { label: 'E4', start: 14, end: 20 },
      { label: 'E12', start: 23, end: 30 },
    ]);
  });

  it('leaves lists, ranges, other forms and non-labels as text', () => {
    expect(findChipReferences('see E4, E5; see E4–E6; see E4 and E5; (E4); see also E4; see E4x; oversee E4')).toEqual(
      [],
    );
  });

  it('counts a list or range going on after a chip', () => {
    expect(labels(`${CITATION_ATOM_TEXT}, E5 and E6`)).toEqual(['E5', 'E6']);
    expect(labels(`${CITATION_ATOM_TEXT} and E5`)).toEqual(['E5']);
    expect(labels(`${CITATION_ATOM_TEXT}–E6`)).toEqual(['E6']);
    expect(labels(`${CITATION_ATOM_TEXT} E6`)).toEqual([]);
  });
});
