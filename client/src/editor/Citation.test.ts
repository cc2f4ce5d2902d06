import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ExhibitDirectory } from './ExhibitDirectory.ts';
import { sectionEditorExtensions } from './sectionEditorExtensions.ts';

const USER = { id: 'u1', name: 'Ada', organisationId: 'o1', organisationName: 'Trust', color: '#005eb8' };
const ITEM = 'a1b2c3d4e5f6a7b8';
const editors: Editor[] = [];

function openEditor(doc: Y.Doc, exhibits: ExhibitDirectory, editable = true) {
  const fragment = doc.getXmlFragment('section:results');
  const editor = new Editor({
    element: document.createElement('div'),
    editable,
    extensions: sectionEditorExtensions({ fragment, provider: null, user: USER, placeholder: 'Write', exhibits }),
  });
  editors.push(editor);
  return { fragment, editor };
}

afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
});

describe('citation node', () => {
  it('inserts a citation stored as one attribute in the shared document, rendered with the current label', () => {
    const exhibits = new ExhibitDirectory();
    exhibits.update(
      [ITEM],
      [{ itemId: ITEM, collection: 'evidence', label: 'E3', created: null, changes: [], deleted: null }],
    );
    const { editor, fragment } = openEditor(new Y.Doc(), exhibits);
    editor.commands.insertContent('Fewer falls ');
    expect(editor.commands.insertCitation(ITEM)).toBe(true);
    expect(editor.commands.insertCitation('not valid!')).toBe(false);
    const paragraph = fragment.get(0) as Y.XmlElement;
    const citation = paragraph.toArray().find((node) => node instanceof Y.XmlElement) as Y.XmlElement;
    expect(citation.nodeName).toBe('citation');
    expect(citation.getAttributes()).toEqual({ itemId: ITEM });
    const dom = editor.view.dom.querySelector('.jointly-citation');
    expect(dom?.textContent).toBe('see E3');
    // Relabelled by the server: the citation follows.
    exhibits.update(
      [ITEM],
      [{ itemId: ITEM, collection: 'evidence', label: 'E4', created: null, changes: [], deleted: null }],
    );
    expect(editor.view.dom.querySelector('.jointly-citation')?.textContent).toBe('see E4');
    // The item is removed: the citation is flagged, with a warning for screen readers.
    exhibits.update([], []);
    const flagged = editor.view.dom.querySelector('.jointly-citation--missing');
    expect(flagged?.textContent).toContain('see [missing exhibit]');
    expect(flagged?.textContent).toContain('Warning');
  });

  it('shows citations written by another client in a read-only editor (same schema)', () => {
    const doc = new Y.Doc();
    const exhibits = new ExhibitDirectory();
    exhibits.update([ITEM], []);
    const p = new Y.XmlElement('paragraph');
    const c = new Y.XmlElement('citation');
    c.setAttribute('itemId', ITEM);
    c.setAttribute('onclick', 'alert(1)');
    p.insert(0, [new Y.XmlText('See '), c]);
    doc.getXmlFragment('section:results').insert(0, [p]);
    const { editor } = openEditor(doc, exhibits, false);
    const dom = editor.view.dom.querySelector('.jointly-citation');
    expect(dom?.textContent).toBe('see [label pending]');
    expect(dom?.getAttribute('onclick')).toBeNull();
    expect(editor.getJSON().content?.[0]?.content?.[1]).toEqual({ type: 'citation', attrs: { itemId: ITEM } });
  });

  it('takes a pasted citation only from a valid data-item-id, and no other attribute', () => {
    const exhibits = new ExhibitDirectory();
    exhibits.update([ITEM], []);
    const { editor } = openEditor(new Y.Doc(), exhibits);
    editor.view.pasteHTML(
      `<p>a <span data-item-id="${ITEM}" class="x" style="color:red" onclick="alert(1)">see E1</span> b <span data-item-id="&quot;&gt;&lt;img src=x&gt;">see E2</span></p>`,
    );
    const inline = editor.getJSON().content?.[0]?.content ?? [];
    const citations = inline.filter((node) => node.type === 'citation');
    expect(citations).toEqual([{ type: 'citation', attrs: { itemId: ITEM } }]);
    expect(editor.getHTML()).not.toMatch(/onclick|style=|<img/);
    expect(editor.getText()).toContain('see E2');
  });
});
