import type { CommentThreadDto } from '@jointly/shared';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import type { Editor } from '@tiptap/core';
import type { ComponentProps } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type CommentAnchorHandlers, CommentAnchors } from '../../editor/CommentAnchors.ts';
import { anchorOfRange } from '../../editor/commentAnchorRanges.ts';
import { destroyTestEditors, openTestEditor } from '../../editor/testing/testEditor.ts';
import { AnchoredComments } from './AnchoredComments.tsx';
import { useSectionComments } from './useSectionComments.ts';

const USER = { id: 'u1', name: 'Priya Shah', organisationId: 'o1', organisationName: 'Trust', color: '#005eb8' };
const SECTION = { id: 'context', title: 'Context' };
const PHRASE = 'waiting times fell';
const priya = { userId: 'u1', name: 'Priya Shah', organisation: { id: 'o1', name: 'Leeds Teaching Hospitals' } };
afterEach(destroyTestEditors);

function openEditor(doc: Y.Doc, handlers: { current: CommentAnchorHandlers }) {
  return openTestEditor({
    doc,
    sectionId: SECTION.id,
    user: USER,
    placeholder: 'Write here',
    attached: true,
    extensions: [CommentAnchors.configure({ handlers: () => handlers.current })],
  }).editor;
}

function threadOn(editor: Editor, words: string): CommentThreadDto {
  const from = editor.getText().indexOf(words) + 1;
  return {
    id: 't1',
    sectionId: SECTION.id,
    author: priya,
    body: 'Which audit is this from?',
    mentions: [],
    createdAt: '2026-03-01T10:00:00Z',
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    replies: [],
    anchor: anchorOfRange(editor.state, from, from + words.length)!,
  };
}

/** The margin with the section's threads read by `load`, as the section's page reads them. */
function Margin({
  load,
  ...props
}: Omit<ComponentProps<typeof AnchoredComments>, 'comments'> & { load: () => Promise<CommentThreadDto[]> }) {
  const comments = useSectionComments('e1', props.section.id, { load });
  return <AnchoredComments {...props} comments={comments} />;
}

async function renderMargin() {
  const doc = new Y.Doc();
  const handlers: { current: CommentAnchorHandlers } = { current: {} };
  const editor = openEditor(doc, handlers);
  editor.commands.insertContent(`Our ${PHRASE} by a third.`);
  const thread = threadOn(editor, PHRASE);
  render(
    <Margin
      section={SECTION}
      members={[]}
      meUserId="u1"
      mayComment
      submitted={false}
      editor={editor}
      handlers={handlers}
      load={async () => [thread]}
    >
      <p>the text</p>
    </Margin>,
  );
  const region = await screen.findByRole('region', { name: `Comment on ${PHRASE}` });
  return { doc, editor, handlers, region };
}

const highlights = (editor: Editor) =>
  [...editor.view.dom.querySelectorAll('.jointly-anchor')].map((element) => element.textContent);

describe('threads anchored to words, in the margin (issue 14 item 2)', () => {
  it('lists the thread with its quote, highlights its words, and Show in text selects them', async () => {
    const { editor, region } = await renderMargin();
    await waitFor(() => expect(highlights(editor)).toEqual([PHRASE]));
    expect(within(region).getByText('Which audit is this from?')).toBeTruthy();
    await act(async () => within(region).getByRole('button', { name: 'Show in text' }).click());
    const { from, to } = editor.state.selection;
    expect(editor.state.doc.textBetween(from, to)).toBe(PHRASE);
    expect(region.getAttribute('aria-current')).toBe('true');
    expect(editor.view.dom.querySelector('.jointly-anchor--active')?.textContent).toBe(PHRASE);
  });

  it('a highlight clicked focuses its thread; deleted words mark it "Text removed" and keep it', async () => {
    const { doc, editor, handlers, region } = await renderMargin();
    await waitFor(() => expect(highlights(editor)).toEqual([PHRASE]));
    act(() => handlers.current.onActivate?.('t1'));
    await waitFor(() => expect(document.activeElement).toBe(region));

    const text = (doc.getXmlFragment(`section:${SECTION.id}`).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    act(() => text.delete(text.toString().indexOf(PHRASE), PHRASE.length));
    await waitFor(() => expect(within(region).getByText('Text removed')).toBeTruthy());
    expect(within(region).queryByRole('button', { name: 'Show in text' })).toBeNull();
    expect(highlights(editor)).toEqual([]);
  });

  it('"Comment" opens the form for the selected words, and says what to do with nothing selected', async () => {
    const { editor, handlers } = await renderMargin();
    act(() => {
      editor.commands.setTextSelection(2);
      handlers.current.onComment?.();
    });
    expect(screen.getByRole('status').textContent).toBe(
      'Select the words you want to comment on, then choose Comment.',
    );
    act(() => {
      editor.commands.setTextSelection({
        from: editor.getText().indexOf('by a third') + 1,
        to: editor.getText().length + 1,
      });
      handlers.current.onComment?.();
    });
    expect(screen.getByRole('textbox', { name: 'Comment on “by a third.”' })).toBeTruthy();
  });
});
