import { bytesToBase64 } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodePosition } from '../collab/testing/textPositions.ts';
import { anchorInSection } from './anchorInSection.ts';

function documentWithTwoSections() {
  const doc = new Y.Doc();
  for (const [section, text] of [
    ['a', 'Our waiting times fell.'],
    ['b', 'Partners helped.'],
  ] as const) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    doc.getXmlFragment(`section:${section}`).insert(0, [paragraph]);
  }
  doc.getMap('evidence').set('item-0001', new Y.Map());
  const textOf = (section: string) =>
    (doc.getXmlFragment(`section:${section}`).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  return { doc, textOf };
}

describe('anchorInSection (issue 14 item 2)', () => {
  it('accepts positions in the section: in its text, at a paragraph end, at the section end', () => {
    const { doc, textOf } = documentWithTwoSections();
    const paragraph = doc.getXmlFragment('section:a').get(0) as Y.XmlElement;
    for (const position of [
      Y.createRelativePositionFromTypeIndex(textOf('a'), 4),
      Y.createRelativePositionFromTypeIndex(textOf('a'), textOf('a').length),
      Y.createRelativePositionFromTypeIndex(paragraph, 1),
      Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('section:a'), 1),
      Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('section:a'), 0),
    ]) {
      expect(anchorInSection(doc, 'a', encodePosition(position))).toBe(true);
    }
  });

  it('refuses positions in another section, the items, or a root named otherwise', () => {
    const { doc, textOf } = documentWithTwoSections();
    expect(anchorInSection(doc, 'a', encodePosition(Y.createRelativePositionFromTypeIndex(textOf('b'), 2)))).toBe(
      false,
    );
    expect(anchorInSection(doc, 'b', encodePosition(Y.createRelativePositionFromTypeIndex(textOf('a'), 2)))).toBe(
      false,
    );
    const endOfB = Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('section:b'), 1);
    expect(anchorInSection(doc, 'a', encodePosition(endOfB))).toBe(false);
    const inItem = Y.createRelativePositionFromTypeIndex(doc.getMap('evidence').get('item-0001') as Y.Map<unknown>, 0);
    expect(anchorInSection(doc, 'a', encodePosition(inItem))).toBe(false);
  });

  it('refuses unknown items, garbage and trailing bytes, and creates no root type', () => {
    const { doc, textOf } = documentWithTwoSections();
    const roots = [...doc.share.keys()];
    const unknown = Y.createRelativePositionFromJSON({ item: { client: 424242, clock: 3 } });
    const past = Y.createRelativePositionFromJSON({ item: { client: doc.clientID, clock: 10_000 } });
    const unknownRoot = Y.createRelativePositionFromJSON({ tname: 'section:zzz' });
    const good = encodePosition(Y.createRelativePositionFromTypeIndex(textOf('a'), 1));
    const trailing = bytesToBase64(new Uint8Array([...Buffer.from(good, 'base64'), 7]));
    for (const encoded of [
      encodePosition(unknown),
      encodePosition(past),
      encodePosition(unknownRoot),
      trailing,
      'AAAA',
      '////',
      'not base64',
    ]) {
      expect(anchorInSection(doc, 'a', encoded)).toBe(false);
    }
    expect(anchorInSection(new Y.Doc(), 'a', good)).toBe(false);
    expect([...doc.share.keys()]).toEqual(roots);
  });

  it('a position whose text was deleted still resolves (the page says "text removed")', () => {
    const { doc, textOf } = documentWithTwoSections();
    const doomed = Y.createRelativePositionFromTypeIndex(textOf('a'), 4);
    doc.gc = false;
    textOf('a').delete(0, 10);
    expect(anchorInSection(doc, 'a', encodePosition(doomed))).toBe(true);
  });
});
