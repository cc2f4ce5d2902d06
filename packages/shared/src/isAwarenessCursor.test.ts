import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isAwarenessCursor } from './isAwarenessCursor.ts';

describe('isAwarenessCursor (issue 10, finding 4; C-AW-9)', () => {
  it('accepts the cursor y-prosemirror writes: relative positions as Y.relativePositionToJSON gives them', () => {
    const doc = new Y.Doc();
    const text = new Y.XmlText('hello');
    doc.getXmlFragment('section:a').insert(0, [new Y.XmlElement('paragraph')]);
    (doc.getXmlFragment('section:a').get(0) as Y.XmlElement).insert(0, [text]);
    const inText = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 2));
    const atEnd = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('section:a'), 1));
    expect(isAwarenessCursor({ anchor: inText, head: atEnd })).toBe(true);
    expect(
      isAwarenessCursor({ anchor: { tname: 'section:a', assoc: 0 }, head: { item: { client: 1, clock: 4 } } }),
    ).toBe(true);
  });

  it.each([
    ['null positions', { anchor: null, head: null }],
    ['a missing head', { anchor: { tname: 'section:a' } }],
    ['a number for a position', { anchor: 1, head: 1 }],
    ['a position naming nothing', { anchor: { assoc: 0 }, head: { assoc: 0 } }],
    ['an id with a negative clock', { anchor: { item: { client: 1, clock: -1 } }, head: { tname: 'x' } }],
    ['an id with an extra field', { anchor: { item: { client: 1, clock: 1, x: 1 } }, head: { tname: 'x' } }],
    ['an unknown position field', { anchor: { tname: 'x', evil: true }, head: { tname: 'x' } }],
    ['an extra cursor field', { anchor: { tname: 'x' }, head: { tname: 'x' }, more: 1 }],
    ['an array', [{ tname: 'x' }, { tname: 'x' }]],
    ['a string', 'cursor'],
  ])('refuses %s', (_what, cursor) => {
    expect(isAwarenessCursor(cursor)).toBe(false);
  });
});
