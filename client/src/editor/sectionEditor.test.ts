import { countWords } from '@jointly/shared';
import { Editor, type JSONContent } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fragmentWordCount } from '../collab/useSectionWordCount.ts';
import { sectionEditorExtensions } from './sectionEditorExtensions.ts';

const USER = { id: 'u1', name: 'Ada', organisationId: 'o1', organisationName: 'Trust', color: '#005eb8' };
const editors: Editor[] = [];

function openEditor(doc = new Y.Doc()) {
  const fragment = doc.getXmlFragment('section:context');
  const editor = new Editor({
    element: document.createElement('div'),
    extensions: sectionEditorExtensions({ fragment, provider: null, user: USER, placeholder: 'Write here' }),
  });
  editors.push(editor);
  return { doc, fragment, editor };
}

afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
});

function marksOf(json: JSONContent): string[] {
  const found: string[] = [];
  const walk = (node: JSONContent) => {
    for (const mark of node.marks ?? []) found.push(mark.attrs?.href ? `${mark.type}:${mark.attrs.href}` : mark.type);
    for (const child of node.content ?? []) walk(child);
  };
  walk(json);
  return found;
}

describe('word counting on editor content', () => {
  it('counts what the person typed, the same way the server counts the stored fragment', () => {
    const { editor, fragment } = openEditor();
    editor.commands.setContent(
      '<h3>Our partnership</h3><p>Five years of <strong>joint</strong> work.</p><ul><li><p>Fewer readmissions</p></li></ul><blockquote><p>It changed everything</p></blockquote>',
    );
    expect(fragmentWordCount(fragment)).toBe(12);
    expect(countWords(editor.getText({ blockSeparator: '\n' }))).toBe(12);
  });

  it('does not glue words across blocks or split them at formatting', () => {
    const { editor, fragment } = openEditor();
    editor.commands.setContent('<p>end</p><p>start</p><p>bo<em>ld</em>ly</p>');
    expect(fragmentWordCount(fragment)).toBe(3);
  });

  it('follows edits live, and an empty section counts 0', () => {
    const { editor, fragment } = openEditor();
    expect(fragmentWordCount(fragment)).toBe(0);
    editor.commands.insertContent('one two three');
    expect(fragmentWordCount(fragment)).toBe(3);
    editor.commands.clearContent();
    expect(fragmentWordCount(fragment)).toBe(0);
  });
});

describe('section editor behaviour', () => {
  it('writes nothing into the shared document on its own (no seeded content)', () => {
    const { fragment } = openEditor();
    expect(fragment.length).toBe(0);
  });

  it('undoes only this person’s changes', () => {
    const { doc, editor, fragment } = openEditor();
    editor.commands.insertContent('mine ');
    // Someone else's edit arrives over the network (not through this editor).
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    remote.getXmlFragment('section:context').insert(remote.getXmlFragment('section:context').length, [
      (() => {
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText('theirs')]);
        return p;
      })(),
    ]);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)), 'remote');
    expect(editor.getText()).toContain('theirs');
    editor.commands.undo();
    expect(editor.getText()).not.toContain('mine');
    expect(editor.getText()).toContain('theirs');
    expect(fragmentWordCount(fragment)).toBe(1);
  });

  it('keeps headings, lists, emphasis and safe links from pasted HTML and drops everything else', () => {
    const { editor } = openEditor();
    editor.view.pasteHTML(
      '<h1>Title</h1><p style="color:red"><span style="font-family:Comic Sans">Plain</span> <b>bold</b> <i>it</i> <u>under</u> <s>strike</s> <code>code</code></p>' +
        '<ol><li>one</li></ol><img src="x.png" alt="x"><table><tr><td>cell</td></tr></table>' +
        '<p><a href="javascript:alert(1)">bad</a> <a href=" JaVaScRiPt:alert(1)">bad2</a> <a href="data:text/html,x">bad3</a> <a href="https://www.nhs.uk">good</a></p>',
    );
    const json = editor.getJSON();
    const types = (json.content ?? []).map((node) => node.type);
    expect(types).toContain('heading');
    expect(types).toContain('orderedList');
    expect(types).not.toContain('image');
    expect(types).not.toContain('table');
    expect(marksOf(json).sort()).toEqual(['bold', 'italic', 'link:https://www.nhs.uk']);
    expect(editor.getText()).toContain('cell');
    expect(editor.getHTML()).not.toMatch(/javascript|data:|style=|<u>|<s>|<code>|<img/i);
  });

  it('refuses to set a link with a disallowed scheme', () => {
    const { editor } = openEditor();
    editor.commands.setContent('<p>click here</p>');
    editor.commands.selectAll();
    expect(editor.commands.setLink({ href: 'javascript:alert(1)' })).toBe(false);
    expect(editor.commands.setLink({ href: 'vbscript:x' })).toBe(false);
    expect(editor.commands.setLink({ href: 'https://www.nhs.uk' })).toBe(true);
  });
});
