import { Editor } from '@tiptap/core';
import { absolutePositionToRelativePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { sectionEditorExtensions } from './sectionEditorExtensions.ts';

const USER = { id: 'u1', name: 'Ada', organisationId: 'o1', organisationName: 'Trust', color: '#005eb8' };
const SECTION = 'section:context';
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

/** An editor of the section bound to `doc` with an awareness, as the entry page makes it. */
function openEditorWithAwareness(doc: Y.Doc) {
  const awareness = new awarenessProtocol.Awareness(doc);
  const element = document.createElement('div');
  document.body.appendChild(element);
  const editor = new Editor({
    element,
    extensions: sectionEditorExtensions({
      fragment: doc.getXmlFragment(SECTION),
      provider: { awareness },
      user: USER,
      placeholder: 'Write here',
    }),
  });
  cleanups.push(() => {
    editor.destroy();
    awareness.destroy();
    element.remove();
  });
  return { editor, awareness };
}

/** Another member's awareness state arriving over the socket (what a hostile viewer's raw client sends). */
function receiveAwareness(awareness: awarenessProtocol.Awareness, state: Record<string, unknown>) {
  const peer = new awarenessProtocol.Awareness(new Y.Doc());
  cleanups.push(() => peer.destroy());
  peer.setLocalState(state);
  awarenessProtocol.applyAwarenessUpdate(
    awareness,
    awarenessProtocol.encodeAwarenessUpdate(peer, [peer.clientID]),
    'remote',
  );
}

function remoteEdit(into: Y.Doc, edit: (fragment: Y.XmlFragment) => void) {
  const remote = new Y.Doc();
  Y.applyUpdate(remote, Y.encodeStateAsUpdate(into));
  edit(remote.getXmlFragment(SECTION));
  Y.applyUpdate(into, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(into)), 'remote');
}

function caretLabels(editor: Editor): (string | null)[] {
  return [...editor.view.dom.querySelectorAll('.jointly-caret__label')].map((label) => label.textContent);
}

describe('a section editor beside a malformed remote awareness state (issue 10, finding 4)', () => {
  it('I10-4: keeps applying remote edits, keeps the local text, and still shows a valid remote caret', async () => {
    const doc = new Y.Doc();
    const { editor, awareness } = openEditorWithAwareness(doc);
    editor.commands.insertContent('Mine.');

    // A viewer's hostile cursor, and a member with a valid caret at the start of the section.
    receiveAwareness(awareness, { user: { name: 'Eve' }, cursor: { anchor: null, head: null } });
    receiveAwareness(awareness, { user: { name: 'Mallory' }, cursor: { anchor: 1 } });
    const sync = ySyncPluginKey.getState(editor.state);
    // A caret after "Mine", as y-prosemirror in Zoe's browser writes it (JSON over the socket).
    const atMine = JSON.parse(JSON.stringify(absolutePositionToRelativePosition(5, sync.type, sync.binding.mapping)));
    receiveAwareness(awareness, { user: { name: 'Zoe', color: '#007f3b' }, cursor: { anchor: atMine, head: atMine } });
    // The caret plugin redraws on awareness changes a tick later.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(caretLabels(editor)).toEqual(['Zoe']);

    // Another member writes: each remote change re-reads every awareness state.
    expect(() =>
      remoteEdit(doc, (fragment) => fragment.insert(fragment.length, [paragraph('Theirs one.')])),
    ).not.toThrow();
    expect(() =>
      remoteEdit(doc, (fragment) => fragment.insert(fragment.length, [paragraph('Theirs two.')])),
    ).not.toThrow();
    expect(editor.getText({ blockSeparator: '\n' })).toBe('Mine.\nTheirs one.\nTheirs two.');

    // A local edit afterwards writes only itself: nothing of theirs is lost from the shared document.
    editor.commands.focus('end');
    editor.commands.insertContent(' More.');
    expect(doc.getXmlFragment(SECTION).toString()).toBe(
      '<paragraph>Mine.</paragraph><paragraph>Theirs one.</paragraph><paragraph>Theirs two. More.</paragraph>',
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The valid caret is still drawn, the hostile ones never were.
    expect(caretLabels(editor)).toEqual(['Zoe']);
  });
});
