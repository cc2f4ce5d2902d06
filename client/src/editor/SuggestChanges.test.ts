import { countWords, readSuggestions, sectionContentHash, sectionPlainText } from '@jointly/shared';
import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { destroyTestEditors, openTestEditor } from './testing/testEditor.ts';

const SECTION = 'context';
afterEach(destroyTestEditors);

function openEditor(doc = new Y.Doc(), refusals: string[] = []) {
  const opened = openTestEditor({ doc, sectionId: SECTION, onSuggestionRefused: (reason) => refusals.push(reason) });
  return { ...opened, refusals };
}

/** Puts the caret at the character offset `at` of the first paragraph. */
const caretAt = (editor: Editor, at: number) =>
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, 1 + at)));
const select = (editor: Editor, from: number, to: number) =>
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, 1 + from, 1 + to)));

describe('suggesting mode (issue 14 item 3)', () => {
  it('marks typed text as a proposed insertion: in the shared document, not in words or hash', () => {
    const { editor, fragment, doc } = openEditor();
    editor.commands.setContent('<p>Our ward cut waits.</p>');
    const hash = sectionContentHash(fragment);
    editor.commands.setSuggesting(true);
    caretAt(editor, 13);
    editor.commands.insertContent('nearly ');
    expect(editor.getText()).toBe('Our ward cut nearly waits.');
    const [suggestion] = readSuggestions(doc, [SECTION]);
    expect(suggestion).toMatchObject({ kind: 'insertion', text: 'nearly ', sectionId: SECTION });
    expect(suggestion!.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(countWords(sectionPlainText(fragment))).toBe(4);
    expect(sectionContentHash(fragment)).toBe(hash);
    // Typing on extends the same suggestion.
    editor.commands.insertContent('all ');
    expect(readSuggestions(doc, [SECTION])).toEqual([{ ...suggestion, text: 'nearly all ' }]);
  });

  it('marks deleted text instead of removing it; deleting one’s own proposal removes it', () => {
    const { editor, fragment, doc } = openEditor();
    editor.commands.setContent('<p>Our ward cut waits.</p>');
    editor.commands.setSuggesting(true);
    select(editor, 4, 9);
    editor.commands.deleteSelection();
    expect(editor.getText()).toBe('Our ward cut waits.');
    expect(readSuggestions(doc, [SECTION])).toEqual([expect.objectContaining({ kind: 'deletion', text: 'ward ' })]);
    expect(sectionPlainText(fragment)).toBe('Our ward cut waits.\n');

    caretAt(editor, 0);
    editor.commands.insertContent('So ');
    select(editor, 0, 3);
    editor.commands.deleteSelection();
    expect(readSuggestions(doc, [SECTION]).map((s) => s.kind)).toEqual(['deletion']);
    expect(editor.getText()).toBe('Our ward cut waits.');
  });

  it('refuses what it cannot suggest (a new paragraph, formatting), saying why, and changes nothing', () => {
    const { editor, fragment, refusals } = openEditor();
    editor.commands.setContent('<p>Our ward cut waits.</p>');
    const before = sectionContentHash(fragment);
    editor.commands.setSuggesting(true);
    caretAt(editor, 8);
    editor.commands.splitBlock();
    select(editor, 0, 3);
    editor.commands.toggleBold();
    expect(editor.getHTML()).toBe('<p>Our ward cut waits.</p>');
    expect(sectionContentHash(fragment)).toBe(before);
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toContain('switch to Editing');
  });

  it('accepts and rejects as ordinary writes, and editing mode edits directly again', () => {
    const { editor, fragment, doc } = openEditor();
    editor.commands.setContent('<p>Our ward cut waits.</p>');
    editor.commands.setSuggesting(true);
    caretAt(editor, 13);
    editor.commands.insertContent('nearly ');
    select(editor, 0, 4);
    editor.commands.deleteSelection();
    const [deletion, insertion] = readSuggestions(doc, [SECTION]);
    expect(deletion!.kind).toBe('deletion');

    // Reject the deletion (mark removed), accept the insertion (mark removed, text kept).
    expect(editor.commands.resolveSuggestion('deletion', deletion!.id, false)).toBe(true);
    expect(editor.commands.resolveSuggestion('insertion', insertion!.id, true)).toBe(true);
    expect(readSuggestions(doc, [SECTION])).toEqual([]);
    expect(sectionPlainText(fragment)).toBe('Our ward cut nearly waits.\n');

    // Rejecting an insertion removes its text; accepting a deletion removes the text too.
    caretAt(editor, 0);
    editor.commands.insertContent('Indeed ');
    select(editor, 7 + 4, 7 + 9);
    editor.commands.deleteSelection();
    const [ins, del] = readSuggestions(doc, [SECTION]);
    editor.commands.resolveSuggestion('insertion', ins!.id, false);
    editor.commands.resolveSuggestion('deletion', del!.id, true);
    expect(editor.getText()).toBe('Our cut nearly waits.');

    editor.commands.setSuggesting(false);
    caretAt(editor, 0);
    editor.commands.insertContent('Now ');
    expect(readSuggestions(doc, [SECTION])).toEqual([]);
    expect(sectionPlainText(fragment)).toBe('Now Our cut nearly waits.\n');
  });

  it('never turns edits from the shared document into suggestions', () => {
    const doc = new Y.Doc();
    const { editor } = openEditor(doc);
    editor.commands.setContent('<p>Shared text</p>');
    editor.commands.setSuggesting(true);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const text = (other.getXmlFragment(`section:${SECTION}`).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, 'More ');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(editor.getText()).toBe('More Shared text');
    expect(readSuggestions(doc, [SECTION])).toEqual([]);
  });

  it('in editing mode a contributor cannot remove another person’s suggestion, only their own; a lead can', () => {
    const withProposal = () => {
      const opened = openEditor();
      opened.editor.commands.setContent('<p>Our ward cut waits.</p>');
      // Another person's proposal, as it arrives from the shared document.
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(opened.doc));
      const text = (other.getXmlFragment(`section:${SECTION}`).get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(13, 'nearly ', { insertion: { id: 'someone-else-1' } });
      Y.applyUpdate(opened.doc, Y.encodeStateAsUpdate(other));
      expect(readSuggestions(opened.doc, [SECTION])).toEqual([expect.objectContaining({ id: 'someone-else-1' })]);
      return opened;
    };

    const { editor, doc, refusals } = withProposal();
    editor.storage.suggestChanges.settlesOthers = false;
    select(editor, 10, 22);
    editor.commands.deleteSelection();
    expect(editor.getText()).toBe('Our ward cut nearly waits.');
    expect(refusals.at(-1)).toContain('someone else’s suggestion');
    // Writing around it is fine.
    caretAt(editor, 0);
    editor.commands.insertContent('So ');
    expect(editor.getText()).toBe('So Our ward cut nearly waits.');
    // Their own proposal they may remove.
    editor.storage.suggestChanges.ownIds.add('someone-else-1');
    select(editor, 3 + 13, 3 + 20);
    editor.commands.deleteSelection();
    expect(readSuggestions(doc, [SECTION])).toEqual([]);
    expect(editor.getText()).toBe('So Our ward cut waits.');

    // A lead (the default) may.
    const lead = withProposal();
    select(lead.editor, 13, 20);
    lead.editor.commands.deleteSelection();
    expect(lead.editor.getText()).toBe('Our ward cut waits.');
    expect(lead.refusals).toEqual([]);
  });
});
