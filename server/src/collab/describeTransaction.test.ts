import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { describeTransaction, type TransactionFootprint } from './describeTransaction.ts';

/** Applies `edit` on a client doc and describes the transaction it causes on a server doc. */
function footprintOf(client: Y.Doc, server: Y.Doc, edit: () => void): TransactionFootprint {
  const updates: Uint8Array[] = [];
  const listener = (u: Uint8Array) => updates.push(u);
  client.on('update', listener);
  edit();
  client.off('update', listener);
  let footprint: TransactionFootprint = { sections: [], items: [] };
  const onUpdate = (_u: Uint8Array, _o: unknown, doc: Y.Doc, tr: Y.Transaction) => {
    footprint = describeTransaction(doc, tr);
  };
  server.on('update', onUpdate);
  Y.transact(
    server,
    () => {
      for (const u of updates) Y.applyUpdate(server, u);
    },
    'client',
  );
  server.off('update', onUpdate);
  return footprint;
}

function pair() {
  const client = new Y.Doc();
  const server = new Y.Doc();
  server.getMap('testimonials');
  server.getMap('evidence');
  return { client, server };
}

describe('describeTransaction', () => {
  it('C-PROV-1: names the sections written in, however deep the change', () => {
    const { client, server } = pair();
    const fragment = client.getXmlFragment('section:context');
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    expect(
      footprintOf(client, server, () => {
        fragment.insert(0, [paragraph]);
        paragraph.insert(0, [text]);
        text.insert(0, 'Hello');
        client.getXmlFragment('section:outcomes').insert(0, [new Y.XmlElement('paragraph')]);
      }),
    ).toEqual({ sections: ['context', 'outcomes'], items: [] });
    expect(footprintOf(client, server, () => text.format(0, 5, { bold: true }))).toEqual({
      sections: ['context'],
      items: [],
    });
    expect(footprintOf(client, server, () => paragraph.setAttribute('textAlign', 'left')).sections).toEqual([
      'context',
    ]);
  });

  it('C-PROV-1: an item key added is created, a nested change is changed, a key removed is deleted', () => {
    const { client, server } = pair();
    const testimonials = client.getMap<Y.Map<unknown>>('testimonials');
    const item = new Y.Map<unknown>();
    expect(
      footprintOf(client, server, () => {
        testimonials.set('t1', item);
        item.set('quote', new Y.Text('It changed how we work'));
        item.set('kind', 'patient');
      }),
    ).toEqual({ sections: [], items: [{ collection: 'testimonials', itemId: 't1', action: 'created' }] });

    expect(footprintOf(client, server, () => item.set('kind', 'carer')).items).toEqual([
      { collection: 'testimonials', itemId: 't1', action: 'changed' },
    ]);
    expect(footprintOf(client, server, () => (item.get('quote') as Y.Text).insert(0, '“')).items).toEqual([
      { collection: 'testimonials', itemId: 't1', action: 'changed' },
    ]);

    const evidence = client.getMap<Y.Map<unknown>>('evidence');
    const metric = new Y.Map<unknown>();
    footprintOf(client, server, () => evidence.set('e1', metric));
    expect(
      footprintOf(client, server, () => {
        testimonials.delete('t1');
        metric.set('sectionIds', new Y.Array<string>());
      }).items,
    ).toEqual([
      { collection: 'testimonials', itemId: 't1', action: 'deleted' },
      { collection: 'evidence', itemId: 'e1', action: 'changed' },
    ]);
  });

  it('C-PROV-1: replacing an item’s value under an existing key is a change', () => {
    const { client, server } = pair();
    const evidence = client.getMap<unknown>('evidence');
    footprintOf(client, server, () => evidence.set('e2', new Y.Map()));
    expect(footprintOf(client, server, () => evidence.set('e2', new Y.Map())).items).toEqual([
      { collection: 'evidence', itemId: 'e2', action: 'changed' },
    ]);
  });

  it('C-PROV-1: other top-level types are not provenance', () => {
    const { client, server } = pair();
    expect(footprintOf(client, server, () => client.getMap('comments').set('c', 1))).toEqual({
      sections: [],
      items: [],
    });
  });
});
