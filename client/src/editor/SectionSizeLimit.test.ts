import { sectionCharCount } from '@jointly/shared';
import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sectionEditorExtensions } from './sectionEditorExtensions.ts';

const USER = { id: 'u1', name: 'Ada', organisationId: 'o1', organisationName: 'Trust', color: '#005eb8' };
const SECTION = 'section:context';
const LIMIT = 20;
const editors: Editor[] = [];
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
});

function openEditor(doc = new Y.Doc(), charLimit: number | null = LIMIT) {
  const fragment = doc.getXmlFragment(SECTION);
  const editor = new Editor({
    element: document.createElement('div'),
    extensions: sectionEditorExtensions({
      fragment,
      provider: null,
      user: USER,
      placeholder: 'Write here',
      ...(charLimit !== null ? { charLimit } : {}),
    }),
  });
  editors.push(editor);
  return { doc, fragment, editor };
}

function typeText(editor: Editor, text: string) {
  for (const character of text) {
    const { state } = editor.view;
    editor.view.dispatch(state.tr.insertText(character, state.selection.from, state.selection.to));
  }
}

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

describe('the section size limit in the editor (issue 10, finding 8; C-SCHEMA-3)', () => {
  it('I10-8: typing stops at the limit, counted as the server counts the section', () => {
    const { editor, fragment } = openEditor();
    editor.commands.focus('end');
    typeText(editor, 'a'.repeat(LIMIT + 5));
    expect(editor.getText()).toBe('a'.repeat(LIMIT));
    expect(sectionCharCount(fragment)).toBe(LIMIT);
    expect(editor.storage.characterCount.characters()).toBe(LIMIT);
    // Deleting is always possible, and then typing again up to the limit.
    editor.commands.deleteRange({ from: 1, to: 4 });
    typeText(editor, 'bcdef');
    expect(sectionCharCount(fragment)).toBe(LIMIT);
  });

  it('I10-8: a paste is cut at the limit, and one that cannot be cut is refused', () => {
    const { editor, fragment } = openEditor();
    editor.commands.focus('end');
    typeText(editor, 'start ');
    editor.view.pasteText('x'.repeat(100));
    expect(sectionCharCount(fragment)).toBe(LIMIT);
    expect(editor.getText()).toBe(`start ${'x'.repeat(LIMIT - 6)}`);
    editor.view.pasteText('more');
    expect(sectionCharCount(fragment)).toBe(LIMIT);
    // Inserting content by command (not a paste) over the limit is refused whole.
    const { editor: other, fragment: otherFragment } = openEditor();
    other.commands.insertContent('<p>one</p><p>two</p><p>three four five six seven</p>');
    expect(sectionCharCount(otherFragment)).toBe(0);
  });

  it('citations and line breaks take no characters, as on the server', () => {
    const { editor, fragment } = openEditor();
    editor.commands.setContent('<p>abc<br>def</p>');
    expect(editor.storage.characterCount.characters()).toBe(6);
    expect(sectionCharCount(fragment)).toBe(6);
  });

  it('never refuses what comes from the shared document: others’ edits show even past the limit', () => {
    const doc = new Y.Doc();
    const { editor, fragment } = openEditor(doc);
    editor.commands.insertContent('mine');
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    remote.getXmlFragment(SECTION).insert(1, [paragraph('t'.repeat(LIMIT))]);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)), 'remote');
    expect(editor.getText({ blockSeparator: '\n' })).toBe(`mine\n${'t'.repeat(LIMIT)}`);
    // Over the limit now: this person can delete but not add.
    editor.commands.focus('end');
    typeText(editor, 'x');
    expect(sectionCharCount(fragment)).toBe(LIMIT + 4);
    editor.commands.deleteRange({ from: 1, to: 3 });
    expect(sectionCharCount(fragment)).toBe(LIMIT + 2);
  });

  it('does not trim a section that is already over the limit when it is opened', () => {
    const doc = new Y.Doc();
    doc.getXmlFragment(SECTION).insert(0, [paragraph('o'.repeat(LIMIT * 2))]);
    const { editor, fragment } = openEditor(doc);
    expect(editor.getText()).toBe('o'.repeat(LIMIT * 2));
    expect(sectionCharCount(fragment)).toBe(LIMIT * 2);
  });

  it('without a limit (read-only views), nothing is counted against one', () => {
    const { editor, fragment } = openEditor(new Y.Doc(), null);
    editor.commands.insertContent('z'.repeat(100));
    expect(sectionCharCount(fragment)).toBe(100);
  });
});
