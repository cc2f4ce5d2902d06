import type { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type CommentAnchorHandlers, CommentAnchors, commentAnchorsKey } from './CommentAnchors.ts';
import { type AnchorRange, anchorOfRange, decodeAnchor } from './commentAnchorRanges.ts';
import { destroyTestEditors, openTestEditor } from './testing/testEditor.ts';

const SECTION_ID = 'context';
const SECTION = `section:${SECTION_ID}`;
const PHRASE = 'waiting times fell';
afterEach(destroyTestEditors);

/** A section editor bound to `doc` as the entry page makes it, with the anchors' extension. */
function openEditor(doc: Y.Doc, handlers: CommentAnchorHandlers = {}) {
  // The page swaps its handlers on every render; the editor must call the current ones.
  const page = { handlers };
  const { editor } = openTestEditor({
    doc,
    sectionId: SECTION_ID,
    placeholder: 'Write here',
    attached: true,
    extensions: [CommentAnchors.configure({ handlers: () => page.handlers })],
  });
  return Object.assign(editor, { page });
}

/** Two documents kept in sync, as two browsers on one entry are through the server. */
function linkedDocs() {
  const mine = new Y.Doc();
  const theirs = new Y.Doc();
  mine.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') Y.applyUpdate(theirs, update, 'remote');
  });
  theirs.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') Y.applyUpdate(mine, update, 'remote');
  });
  return { mine, theirs };
}

const textOf = (doc: Y.Doc) => (doc.getXmlFragment(SECTION).get(0) as Y.XmlElement).get(0) as Y.XmlText;
const highlighted = (editor: Editor, id: string) => {
  const range = commentAnchorsKey.getState(editor.state)?.ranges?.get(id);
  return range ? editor.state.doc.textBetween(range.from, range.to) : range;
};
const highlightElements = (editor: Editor) =>
  [...editor.view.dom.querySelectorAll('.jointly-anchor')].map((element) => element.textContent);

/** Anchors the first occurrence of `words` in the editor, as "Comment" on that selection does. */
function anchorWords(editor: Editor, words: string, id = 't1') {
  let from = -1;
  editor.state.doc.descendants((node, pos) => {
    if (from < 0 && node.isText && node.text?.includes(words)) from = pos + node.text.indexOf(words);
  });
  const anchor = anchorOfRange(editor.state, from, from + words.length);
  expect(anchor?.quote).toBe(words);
  editor.commands.setCommentAnchors([decodeAnchor(id, anchor!)!]);
  return anchor!;
}

describe('comment anchors in the editor (issue 14 item 2)', () => {
  it('highlights the anchored words and follows them through inserts before and inside them', () => {
    const { mine, theirs } = linkedDocs();
    const editor = openEditor(mine);
    editor.commands.insertContent(`In 2024 our ${PHRASE} by a third.`);
    anchorWords(editor, PHRASE);
    expect(highlighted(editor, 't1')).toBe(PHRASE);
    expect(highlightElements(editor)).toEqual([PHRASE]);

    // Someone else writes before the words, then inside them.
    textOf(theirs).insert(0, 'Since the pilot, ');
    expect(highlighted(editor, 't1')).toBe(PHRASE);
    const inside = textOf(theirs).toString().indexOf('times');
    textOf(theirs).insert(inside, 'and referral ');
    expect(highlighted(editor, 't1')).toBe('waiting and referral times fell');

    // Text typed just before and just after the words is not taken into them.
    const at = textOf(theirs).toString().indexOf('waiting');
    textOf(theirs).insert(at, 'clinic ');
    const end = textOf(theirs).toString().indexOf(' by a third');
    textOf(theirs).insert(end, ' sharply');
    expect(highlighted(editor, 't1')).toBe('waiting and referral times fell');
    expect(highlightElements(editor)).toEqual(['waiting and referral times fell']);
  });

  it('follows local typing too, and a paragraph added above', () => {
    const { mine, theirs } = linkedDocs();
    const editor = openEditor(mine);
    editor.commands.insertContent(`Our ${PHRASE}.`);
    anchorWords(editor, PHRASE);
    editor.commands.insertContentAt(1, 'Today ');
    expect(highlighted(editor, 't1')).toBe(PHRASE);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('A new opening paragraph.')]);
    theirs.getXmlFragment(SECTION).insert(0, [paragraph]);
    expect(highlighted(editor, 't1')).toBe(PHRASE);
  });

  it('reports the words deleted as no range ("text removed"), and keeps the others', () => {
    const { mine, theirs } = linkedDocs();
    const ranges: ReadonlyMap<string, AnchorRange>[] = [];
    const editor = openEditor(mine, { onRanges: (r) => ranges.push(r) });
    editor.commands.insertContent(`Our ${PHRASE} and costs dropped.`);
    const first = anchorOfRange(editor.state, 5, 5 + PHRASE.length)!;
    const costs = editor.getText().indexOf('costs') + 1;
    const second = anchorOfRange(editor.state, costs, costs + 'costs dropped'.length)!;
    editor.commands.setCommentAnchors([decodeAnchor('t1', first)!, decodeAnchor('t2', second)!]);
    expect(highlighted(editor, 't2')).toBe('costs dropped');

    const text = textOf(theirs);
    text.delete(text.toString().indexOf(PHRASE), PHRASE.length);
    expect(highlighted(editor, 't1')).toBeNull();
    expect(highlighted(editor, 't2')).toBe('costs dropped');
    expect(ranges.at(-1)?.get('t1')).toBeNull();
    expect(highlightElements(editor)).toEqual(['costs dropped']);

    // The whole paragraph gone: still no range, and nothing throws.
    theirs.getXmlFragment(SECTION).delete(0, 1);
    expect(highlighted(editor, 't2')).toBeNull();
  });

  it('marks the active thread, activates a thread from its highlight and comments on Ctrl+Alt+M', () => {
    const { mine } = linkedDocs();
    const activated: string[] = [];
    let commented = 0;
    const editor = openEditor(mine);
    editor.page.handlers = { onActivate: (id) => activated.push(id), onComment: () => commented++ };
    editor.commands.insertContent(`Our ${PHRASE}.`);
    anchorWords(editor, PHRASE, 'thread-9');
    editor.commands.setActiveCommentAnchor('thread-9');
    expect(editor.view.dom.querySelector('.jointly-anchor--active')?.textContent).toBe(PHRASE);
    editor.view.someProp('handleClick', (f) => f(editor.view, 7, new MouseEvent('click')));
    expect(activated).toEqual(['thread-9']);
    editor.view.dom.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'm', ctrlKey: true, altKey: true, bubbles: true }),
    );
    expect(commented).toBe(1);
  });

  it('follows a hidden anchor (a resolved thread) without highlighting it', () => {
    const { mine } = linkedDocs();
    const editor = openEditor(mine);
    editor.commands.insertContent(`Our ${PHRASE}.`);
    const anchor = anchorOfRange(editor.state, 5, 5 + PHRASE.length)!;
    editor.commands.setCommentAnchors([{ ...decodeAnchor('t1', anchor)!, hidden: true }]);
    expect(highlighted(editor, 't1')).toBe(PHRASE);
    expect(highlightElements(editor)).toEqual([]);
  });

  it('an anchor becomes what the server checks: the start sticks to the first word, the quote is cut', () => {
    const { mine } = linkedDocs();
    const editor = openEditor(mine);
    editor.commands.insertContent('x'.repeat(600));
    const anchor = anchorOfRange(editor.state, 1, 601)!;
    expect(anchor.quote).toHaveLength(500);
    expect(anchor.quote.endsWith('…')).toBe(true);
    expect(anchorOfRange(editor.state, 3, 3)).toBeNull();
    const start = Y.createAbsolutePositionFromRelativePosition(decodeAnchor('a', anchor)!.start, mine);
    expect(start).toMatchObject({ index: 0, assoc: 0 });
  });
});
