import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { countWords } from './countWords.ts';
import { sectionCharCount, sectionPlainText } from './sectionText.ts';

function paragraph(text: string, format?: Record<string, unknown>): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  p.insert(0, [t]);
  t.insert(0, text, format);
  return p;
}

describe('sectionPlainText', () => {
  it('separates blocks so words across paragraphs are not glued together', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('section:context');
    fragment.insert(0, [paragraph('first paragraph'), paragraph('second')]);
    expect(countWords(sectionPlainText(fragment))).toBe(3);
  });

  it('does not split words at formatting boundaries', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('section:context');
    const p = paragraph('bold');
    fragment.insert(0, [p]);
    (p.get(0) as Y.XmlText).insert(4, 'ly written', { bold: true });
    expect(sectionPlainText(fragment).trim()).toBe('boldly written');
    expect(countWords(sectionPlainText(fragment))).toBe(2);
    (p.get(0) as Y.XmlText).insert(0, 'a < b > c ');
    expect(sectionPlainText(fragment).trim()).toBe('a < b > c boldly written');
  });

  it('walks nested blocks such as list items and quotes', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('section:context');
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    fragment.insert(0, [list]);
    list.insert(0, [item]);
    item.insert(0, [paragraph('one two'), paragraph('three')]);
    expect(countWords(sectionPlainText(fragment))).toBe(3);
  });
});

describe('sectionCharCount (C-SCHEMA-3: what sectionCharLimit bounds)', () => {
  it('counts the characters of text runs only: marks, blocks and citations add none', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('section:context');
    expect(sectionCharCount(fragment)).toBe(0);
    const quote = new Y.XmlElement('blockquote');
    quote.insert(0, [paragraph('quoted')]);
    const cited = paragraph('see ');
    cited.insert(1, [new Y.XmlElement('citation')]);
    fragment.insert(0, [paragraph('first'), quote, cited, new Y.XmlElement('paragraph')]);
    ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, ' bold', { bold: true });
    expect(sectionCharCount(fragment)).toBe('first bold'.length + 'quoted'.length + 'see '.length);
  });
});
