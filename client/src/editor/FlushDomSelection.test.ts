import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { destroyTestEditors, openTestEditor } from './testing/testEditor.ts';

afterEach(destroyTestEditors);

/** The DOM text node holding `text` inside the editor. */
function textNode(root: HTMLElement, text: string): Text {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent?.includes(text)) return node as Text;
  }
  throw new Error(`no text node holds "${text}"`);
}

describe('a selection the browser has not reported yet, when a remote change arrives', () => {
  it('is read before the remote change re-renders the editor, so it is neither lost nor restored stale', async () => {
    const { editor, doc } = openTestEditor({ attached: true });
    editor.commands.setContent('<p>kept them down</p><p>other</p>');
    editor.view.focus();
    expect(editor.view.hasFocus()).toBe(true);

    // The browser moves the selection (as Shift+Arrow does) and reports it a task later: the
    // report is held back here until the partner's edit has been applied.
    const kept = textNode(editor.view.dom, 'kept them down');
    const holdReport = (event: Event) => event.stopImmediatePropagation();
    window.addEventListener('selectionchange', holdReport, { capture: true });
    document.getSelection()?.setBaseAndExtent(kept, 14, kept, 10);
    // A partner's edit in the other paragraph arrives before that report.
    const partner = new Y.Doc();
    Y.applyUpdate(partner, Y.encodeStateAsUpdate(doc));
    const otherText = partner.getXmlFragment('section:context').get(1) as Y.XmlElement;
    (otherText.get(0) as Y.XmlText).insert(5, ' words');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(partner, Y.encodeStateVector(doc)));
    window.removeEventListener('selectionchange', holdReport, { capture: true });

    expect(editor.getText()).toContain('other words');
    const { from, to } = editor.state.selection;
    expect(editor.state.doc.textBetween(from, to)).toBe('down');
  });
});
