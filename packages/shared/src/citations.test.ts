import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CITATION_NODE,
  checkCitations,
  entryCitations,
  exhibitLabelIndex,
  sectionCitations,
  unknownLabelOf,
} from './citations.ts';
import { countWords } from './countWords.ts';
import { sectionPlainText } from './sectionText.ts';

function citation(itemId: string): Y.XmlElement {
  const element = new Y.XmlElement(CITATION_NODE);
  element.setAttribute('itemId', itemId);
  return element;
}

function paragraphWith(...children: (string | Y.XmlElement)[]): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(
    0,
    children.map((child) => (typeof child === 'string' ? new Y.XmlText(child) : child)),
  );
  return p;
}

describe('citations in section text', () => {
  it('finds cited item ids in order, once each, including inside lists', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('section:results');
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    list.insert(0, [item]);
    item.insert(0, [paragraphWith('More (', citation('item00002'), ')')]);
    fragment.insert(0, [paragraphWith('Fewer falls (', citation('item00001'), ')'), list]);
    fragment.insert(2, [paragraphWith(citation('item00001'), citation('bad"id'))]);
    expect(sectionCitations(fragment)).toEqual(['item00001', 'item00002', '']);
  });

  it('reads a citation as two words that do not split the words around it', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('section:results');
    fragment.insert(0, [paragraphWith('Fewer falls (', citation('item00001'), ').')]);
    expect(sectionPlainText(fragment)).toBe('Fewer falls (see exhibit).\n');
    expect(countWords(sectionPlainText(fragment))).toBe(4);
  });
});

describe('checkCitations', () => {
  it('flags a citation of a deleted item and of an item that never existed', () => {
    const report = checkCitations({
      citations: { results: ['item00001', 'item00009'], value: ['item00003', ''] },
      itemIds: ['item00001', 'item00002'],
      deletedItemIds: ['item00003'],
    });
    expect(report.broken).toEqual([
      { sectionId: 'results', itemId: 'item00009', reason: 'missing' },
      { sectionId: 'value', itemId: 'item00003', reason: 'deleted' },
      { sectionId: 'value', itemId: '', reason: 'missing' },
    ]);
  });

  it('flags items cited nowhere', () => {
    const report = checkCitations({ citations: { results: ['item00001'] }, itemIds: ['item00001', 'item00002'] });
    expect(report.uncited).toEqual(['item00002']);
    expect(checkCitations({ citations: {}, itemIds: [] })).toEqual({ broken: [], uncited: [] });
  });
});

describe('I11-1: typed references count as citations', () => {
  const labels = exhibitLabelIndex([
    { itemId: 'item00001', label: 'E1' },
    { itemId: 'item00002', label: 'E2' },
    { itemId: 'item00003', label: 'E3' },
    { itemId: 'item00004', label: 'E4' },
  ]);

  it('lists typed references by the item with the label, in text order with chips, and unknown labels apart', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('section:results');
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    list.insert(0, [item]);
    item.insert(0, [paragraphWith('Fell (E2, E3), see E9.')]);
    fragment.insert(0, [paragraphWith('Waits halved (see E4), ', citation('item00001'), ' and E1–E2.'), list]);
    const cited = sectionCitations(fragment, labels);
    expect(cited).toEqual(['item00004', 'item00001', 'item00002', 'item00003', 'label:E9']);
    expect(cited.map(unknownLabelOf)).toEqual([null, null, null, null, 'E9']);
  });

  it('reads no typed reference without labels, nor across a chip or a line break', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('section:results');
    const p = paragraphWith('see ', citation('item00001'), ' E2 and see');
    p.insert(3, [new Y.XmlElement('hardBreak'), new Y.XmlText('E3')]);
    fragment.insert(0, [p]);
    expect(sectionCitations(fragment)).toEqual(['item00001']);
    expect(sectionCitations(fragment, labels)).toEqual(['item00001']);
  });

  it('reads every section of an entry, an absent one as citing nothing', () => {
    const doc = new Y.Doc();
    doc.getXmlFragment('section:results').insert(0, [paragraphWith('See E3.')]);
    expect(entryCitations(doc, ['results', 'value'], labels)).toEqual({ results: ['item00003'], value: [] });
  });

  it('flags a typed label no item has as missing, and one of a deleted item as deleted', () => {
    const report = checkCitations({
      citations: { results: ['item00001', 'label:E9'], value: ['item00003'] },
      itemIds: ['item00001', 'item00002'],
      deletedItemIds: ['item00003'],
    });
    expect(report.broken).toEqual([
      { sectionId: 'results', itemId: '', label: 'E9', reason: 'missing' },
      { sectionId: 'value', itemId: 'item00003', reason: 'deleted' },
    ]);
    expect(report.uncited).toEqual(['item00002']);
  });
});
