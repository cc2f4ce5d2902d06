import { type ItemProvenanceDto, sectionCitations } from '@jointly/shared';
import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ExhibitDirectory } from './ExhibitDirectory.ts';
import { sectionEditorExtensions } from './sectionEditorExtensions.ts';

const USER = { id: 'u1', name: 'Ada', organisationId: 'o1', organisationName: 'Trust', color: '#005eb8' };
const E1 = 'item-e1-000001';
const E2 = 'item-e2-000002';
const editors: Editor[] = [];

const provenance = (entries: [string, string][]): ItemProvenanceDto[] =>
  entries.map(([itemId, label]) => ({
    itemId,
    collection: 'evidence',
    label,
    created: null,
    changes: [],
    deleted: null,
  }));

function openEditor(exhibits: ExhibitDirectory) {
  const fragment = new Y.Doc().getXmlFragment('section:results');
  const editor = new Editor({
    element: document.createElement('div'),
    extensions: sectionEditorExtensions({ fragment, provider: null, user: USER, placeholder: 'Write', exhibits }),
  });
  editors.push(editor);
  return { editor, fragment };
}

const marked = (editor: Editor, selector: string) =>
  [...editor.view.dom.querySelectorAll(selector)].map((element) => [
    element.textContent,
    element.getAttribute('title'),
  ]);

afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
});

describe('I11-1: references typed as text in the editor', () => {
  it('marks a typed reference to a live exhibit as counted and flags one to a label no exhibit has', () => {
    const exhibits = new ExhibitDirectory();
    exhibits.update(
      [E1, E2],
      provenance([
        [E1, 'E1'],
        [E2, 'E2'],
      ]),
      true,
    );
    const { editor, fragment } = openEditor(exhibits);
    editor.commands.insertContent('Waits halved (E1) and fell, E1–E3. E2 alone.');
    expect(marked(editor, '.jointly-typed-citation')).toEqual([['E1', 'Counted as a citation of E1']]);
    // A range is flagged as a whole when a label in it has no exhibit.
    expect(marked(editor, '.jointly-citation--missing')).toEqual([['E1–E3', 'No exhibit has the label E3']]);
    // Highlights only: the shared document holds the text as typed.
    expect(fragment.toString()).toContain('Waits halved (E1) and fell, E1–E3. E2 alone.');
    expect(fragment.toString()).not.toContain('jointly-');
  });

  it('judges nothing until the server’s labels are known, and follows them when they change', () => {
    const exhibits = new ExhibitDirectory();
    exhibits.update([E1], provenance([[E1, 'E1']]));
    const { editor } = openEditor(exhibits);
    editor.commands.insertContent('Fell (E1); rose (E2).');
    expect(marked(editor, '.jointly-typed-citation, .jointly-citation--missing')).toEqual([]);

    exhibits.update([E1], provenance([[E1, 'E1']]), true);
    expect(marked(editor, '.jointly-typed-citation')).toEqual([['E1', 'Counted as a citation of E1']]);
    expect(marked(editor, '.jointly-citation--missing')).toEqual([['E2', 'No exhibit has the label E2']]);

    // E2 is added and labelled: its reference counts; E1 is removed: its reference is flagged.
    exhibits.update(
      [E2],
      provenance([
        [E1, 'E1'],
        [E2, 'E2'],
      ]),
      true,
    );
    expect(marked(editor, '.jointly-typed-citation')).toEqual([['E2', 'Counted as a citation of E2']]);
    expect(marked(editor, '.jointly-citation--missing')).toEqual([['E1', 'No exhibit has the label E1']]);
  });
});

describe('I11-1: a typed or pasted "see E4" becomes the citation chip', () => {
  const citations = (fragment: Y.XmlFragment) =>
    (fragment.get(0) as Y.XmlElement)
      .toArray()
      .map((node) => (node instanceof Y.XmlElement ? `[${String(node.getAttribute('itemId'))}]` : node.toString()));

  const typeText = (editor: Editor, text: string) => {
    for (const character of text) editor.view.dispatch(editor.state.tr.insertText(character));
  };

  it('once a space or punctuation follows the label, not while the number may go on', () => {
    const exhibits = new ExhibitDirectory();
    exhibits.update(
      [E1, E2],
      provenance([
        [E1, 'E1'],
        [E2, 'E12'],
      ]),
      true,
    );
    const { editor, fragment } = openEditor(exhibits);
    typeText(editor, 'Waits halved, see E1');
    expect(citations(fragment)).toEqual(['Waits halved, see E1']);
    typeText(editor, '2. Fell (see E1)');
    expect(citations(fragment)).toEqual(['Waits halved, ', `[${E2}]`, '. Fell (', `[${E1}]`, ')']);
    expect(editor.getText()).toBe('Waits halved, see E12. Fell (see E1)');
    // The caret stays after what was typed.
    typeText(editor, '.');
    expect(editor.getText()).toBe('Waits halved, see E12. Fell (see E1).');
  });

  it('leaves labels no live exhibit has, other forms, and everything before the labels are known', () => {
    const exhibits = new ExhibitDirectory();
    exhibits.update([E1], provenance([[E1, 'E1']]));
    const { editor, fragment } = openEditor(exhibits);
    typeText(editor, 'see E1 ');
    exhibits.update([E1], provenance([[E1, 'E1']]), true);
    typeText(editor, 'see E7 (E1) E1–E1 ');
    expect(citations(fragment)).toEqual(['see E1 see E7 (E1) E1–E1 ']);
  });

  it('a list typed after "see E4" goes on after the chip and still counts', () => {
    const exhibits = new ExhibitDirectory();
    exhibits.update(
      [E1, E2],
      provenance([
        [E1, 'E1'],
        [E2, 'E2'],
      ]),
      true,
    );
    const { editor, fragment } = openEditor(exhibits);
    typeText(editor, 'see E1, E2 and E9.');
    expect(citations(fragment)).toEqual([`[${E1}]`, ', E2 and E9.']);
    const labels = new Map([
      ['E1', E1],
      ['E2', E2],
    ]);
    expect(sectionCitations(fragment, labels)).toEqual([E1, E2, 'label:E9']);
    expect(marked(editor, '.jointly-citation--missing')).toEqual([['E9', 'No exhibit has the label E9']]);
  });

  it('in pasted text, a reference at the end of the paste too', () => {
    const exhibits = new ExhibitDirectory();
    exhibits.update([E1], provenance([[E1, 'E1']]), true);
    const { editor, fragment } = openEditor(exhibits);
    editor.view.pasteText('Waits halved, see E1');
    expect(citations(fragment)).toEqual(['Waits halved, ', `[${E1}]`]);
  });

  it('not for text that comes from the shared document', () => {
    const exhibits = new ExhibitDirectory();
    exhibits.update([E1], provenance([[E1, 'E1']]), true);
    const { editor, fragment } = openEditor(exhibits);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Remote: see E1. ')]);
    fragment.doc!.transact(() => fragment.insert(0, [paragraph]), 'remote');
    expect(editor.getText()).toBe('Remote: see E1. ');
    expect(JSON.stringify(editor.getJSON())).not.toContain('citation');
    expect(citations(fragment)).toEqual(['Remote: see E1. ']);
  });
});
