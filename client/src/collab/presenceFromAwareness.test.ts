import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { presenceFromAwareness, sectionOfAwarenessState } from './presenceFromAwareness.ts';

function docWithSections() {
  const doc = new Y.Doc();
  for (const id of ['context', 'outcomes']) {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(`text of ${id}`)]);
    doc.getXmlFragment(`section:${id}`).insert(0, [p]);
  }
  return doc;
}

/** A caret inside a section's text, as y-prosemirror's cursor plugin writes it into awareness. */
function cursorIn(doc: Y.Doc, sectionId: string) {
  const paragraph = doc.getXmlFragment(`section:${sectionId}`).get(0) as Y.XmlElement;
  const text = paragraph.get(0) as Y.XmlText;
  const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 2));
  return { anchor: position, head: position };
}

describe('presenceFromAwareness', () => {
  it('finds the section from the declared field or, failing that, from the caret', () => {
    const doc = docWithSections();
    expect(sectionOfAwarenessState({ section: 'outcomes' }, doc)).toBe('outcomes');
    expect(sectionOfAwarenessState({ cursor: cursorIn(doc, 'context') }, doc)).toBe('context');
    expect(sectionOfAwarenessState({ cursor: null }, doc)).toBeNull();
    expect(sectionOfAwarenessState({ cursor: { anchor: 'garbage' } }, doc)).toBeNull();
    expect(sectionOfAwarenessState({ cursor: { anchor: { type: { client: 1, clock: 999 } } } }, doc)).toBeNull();
  });

  it('lists each person once, ourselves first, with a readable colour and the section they are in', () => {
    const doc = docWithSections();
    const states = new Map<number, Record<string, unknown>>([
      [
        2,
        { user: { id: 'u2', name: 'Zoe', organisationId: 'o2', organisationName: 'Supplier Ltd', color: '#ffeb3b' } },
      ],
      [
        3,
        {
          user: { id: 'u2', name: 'Zoe', organisationId: 'o2', organisationName: 'Supplier Ltd' },
          cursor: cursorIn(doc, 'outcomes'),
        },
      ],
      [
        1,
        {
          user: { id: 'u1', name: 'Ada', organisationId: 'o1', organisationName: 'NHS Trust', color: '#005eb8' },
          section: 'context',
        },
      ],
      [4, {}],
    ]);
    const people = presenceFromAwareness(states, doc, 1);
    expect(people.map((p) => [p.name, p.isSelf, p.sectionId])).toEqual([
      ['Ada', true, 'context'],
      ['Zoe', false, 'outcomes'],
    ]);
    expect(people[1]?.color).not.toBe('#ffeb3b');
    expect(people[1]?.organisationName).toBe('Supplier Ltd');
  });
});
