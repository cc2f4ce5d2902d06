import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { charactersByClient } from './charactersByClient.ts';

/** A writer whose edits reach `shared` under its own client id, as a connection's would. */
function writerOn(shared: Y.Doc, clientId: number) {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(shared));
  const before = Y.encodeStateVector(doc);
  return {
    doc,
    push: () => Y.applyUpdate(shared, Y.encodeStateAsUpdate(doc, before)),
  };
}

describe('charactersByClient', () => {
  it('C-PROV-5: counts current characters per client id in nested paragraphs; deleted text and structure count for no one', () => {
    const shared = new Y.Doc();
    const alice = writerOn(shared, 1);
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    alice.doc.getXmlFragment('section:intro').insert(0, [paragraph]);
    text.insert(0, 'Hello world');
    text.format(0, 5, { bold: true });
    text.delete(5, 6); // 'Hello'
    alice.push();

    const bob = writerOn(shared, 2);
    const bobText = (bob.doc.getXmlFragment('section:intro').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    bobText.insert(5, ', dear reader');
    bob.doc.getXmlFragment('section:outcomes').insert(0, [new Y.XmlText('abc')]);
    bob.push();
    shared.getMap('testimonials').set('t1', new Y.Map());

    const result = charactersByClient(shared);
    expect(result.get('intro')).toEqual(
      new Map([
        [1, 5],
        [2, 13],
      ]),
    );
    expect(result.get('outcomes')).toEqual(new Map([[2, 3]]));
    expect(result.has('testimonials')).toBe(false);
  });
});
