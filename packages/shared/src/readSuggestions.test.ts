import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sectionCitations } from './citations.ts';
import { entryContentHash, sectionContentHash } from './contentHash.ts';
import { countWords } from './countWords.ts';
import { SECTION_MARK_RULES } from './documentSchema.ts';
import { readSuggestions } from './readSuggestions.ts';
import { sectionPlainText } from './sectionText.ts';

/** A section with one paragraph built from runs (text, marks). */
function sectionOf(runs: [string, Record<string, unknown>?][]): { doc: Y.Doc; fragment: Y.XmlFragment } {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('section:intro');
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  p.insert(0, [t]);
  fragment.insert(0, [p]);
  for (const [text, marks] of runs) t.insert(t.length, text, marks ?? {});
  return { doc, fragment };
}

// Hashes of this content computed by the code before suggestions existed (commit 8b9e3fd): approvals
// given then must stay valid.
const HASH_BEFORE = '08a9e777a91e4139f65058977034df6d86d1a59e80619cd3bf48b1767f1d5ea9';
const ENTRY_HASH_BEFORE = '6d3006bd4f746f40b79d2b2fcc2fc27f211899c4526ff526a9b54c91d60ef439';

describe('pending suggestions are not content (issue 14 item 3)', () => {
  it('hashes a document without suggestions exactly as before', () => {
    const { doc, fragment } = sectionOf([['Our ward cut '], ['waiting times', { bold: {} }], [' by half.']]);
    expect(sectionContentHash(fragment)).toBe(HASH_BEFORE);
    expect(entryContentHash(doc, ['intro'])).toBe(ENTRY_HASH_BEFORE);
  });

  it('leaves inserted text out and keeps deleted text, for words, hash and text', () => {
    const { doc, fragment } = sectionOf([
      ['Our ward cut '],
      ['waiting times', { bold: {} }],
      [' nearly', { insertion: { id: 'sugg-0001' } }],
      [' by half.'],
    ]);
    expect(sectionPlainText(fragment)).toBe('Our ward cut waiting times by half.\n');
    expect(sectionContentHash(fragment)).toBe(HASH_BEFORE);
    expect(entryContentHash(doc, ['intro'])).toBe(ENTRY_HASH_BEFORE);

    const deleted = sectionOf([
      ['Our ward cut '],
      ['waiting times', { bold: {}, deletion: { id: 'sugg-0002' } }],
      [' by half.'],
    ]);
    expect(countWords(sectionPlainText(deleted.fragment))).toBe(7);
    expect(sectionContentHash(deleted.fragment)).toBe(HASH_BEFORE);
  });

  it('counts a suggestion once accepted: the mark removed, or the deleted text removed', () => {
    const { fragment } = sectionOf([['Our ward cut '], ['nearly ', { insertion: { id: 'sugg-0001' } }], ['waits.']]);
    expect(countWords(sectionPlainText(fragment))).toBe(4);
    const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.format(13, 7, { insertion: null });
    expect(countWords(sectionPlainText(fragment))).toBe(5);
  });

  it('does not read a typed reference that is only suggested', () => {
    const labels = new Map([['E1', 'item-0001']]);
    const suggested = sectionOf([['Results '], ['(see E1)', { insertion: { id: 'sugg-0003' } }]]);
    expect(sectionCitations(suggested.fragment, labels)).toEqual([]);
    const accepted = sectionOf([['Results '], ['(see E1)']]);
    expect(sectionCitations(accepted.fragment, labels)).toEqual(['item-0001']);
  });

  it('lists each suggestion with its section, kind and text', () => {
    const { doc } = sectionOf([
      ['Our ', { deletion: { id: 'sugg-del1' } }],
      ['The ', { insertion: { id: 'sugg-ins1' } }],
      ['ward', {}],
      [' now', { insertion: { id: 'sugg-ins1' } }],
    ]);
    expect(readSuggestions(doc, ['intro', 'absent'])).toEqual([
      { id: 'sugg-del1', sectionId: 'intro', kind: 'deletion', text: 'Our ' },
      { id: 'sugg-ins1', sectionId: 'intro', kind: 'insertion', text: 'The  now' },
    ]);
  });

  it('accepts only {id} with a well-formed id as a suggestion mark', () => {
    const rule = (mark: string, value: unknown) => SECTION_MARK_RULES[mark]!(value);
    expect(rule('insertion', { id: 'sugg-0001' })).toBe(true);
    expect(rule('deletion', null)).toBe(true);
    expect(rule('insertion', { id: 'x' })).toBe(false);
    expect(rule('insertion', { id: 'sugg-0001', author: 'someone' })).toBe(false);
    expect(rule('deletion', { id: 42 })).toBe(false);
  });
});
