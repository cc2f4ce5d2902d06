import { base64ToBytes, type SuggestChangeBody } from '@jointly/shared';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { TextSelection } from '@tiptap/pm/state';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ApiError } from '../../api/ApiError.ts';
import { destroyTestEditors, openTestEditor } from '../../editor/testing/testEditor.ts';
import { ViewerSuggestForm } from './ViewerSuggestForm.tsx';

const SECTION = { id: 'context', title: 'Context' };
const VIEWER = {
  id: 'u-comms',
  name: 'Cam Comms',
  organisationId: 'o-trust',
  organisationName: 'Trust',
  color: '#000',
};

/** A read-only editor on a real Y.Doc, as a viewer has it, with two paragraphs. */
function setUp() {
  const { doc, editor } = openTestEditor({ sectionId: SECTION.id, user: VIEWER });
  editor.commands.setContent('<p>Our ward rounds start with goals.</p><p>Goals are set on the ward.</p>');
  editor.setEditable(false);
  const send = vi.fn(async (_entryId: string, sectionId: string, _body: SuggestChangeBody) => ({
    id: 's1',
    sectionId,
  }));
  render(<ViewerSuggestForm entryId="entry-1" section={SECTION} editor={editor} send={send} />);
  return { doc, editor, send };
}

/** The Yjs text and index a position the form sent stands for. */
function resolve(doc: Y.Doc, encoded: string) {
  const absolute = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(base64ToBytes(encoded)!), doc);
  return { text: (absolute!.type as Y.XmlText).toString(), index: absolute!.index };
}

const open = () => fireEvent.click(screen.getByRole('button', { name: 'Suggest a change to Context' }));
const field = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;

afterEach(() => {
  cleanup();
  destroyTestEditors();
});

describe('ViewerSuggestForm (issue 14 item 3, C-SUGGEST-5)', () => {
  it('takes the words selected in the text, focuses "Replace with", and sends their positions', async () => {
    const { doc, editor, send } = setUp();
    // "ward rounds" in the first paragraph (position 1 is its first character).
    editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, 5, 16)));
    open();
    expect(field('Words to change').value).toBe('ward rounds');
    await waitFor(() => expect(document.activeElement).toBe(field('Replace with')));
    fireEvent.change(field('Replace with'), { target: { value: 'daily huddles' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send suggestion' }));
    });
    expect(send).toHaveBeenCalledTimes(1);
    const [entryId, sectionId, body] = send.mock.calls[0]!;
    expect([entryId, sectionId, body.text]).toEqual(['entry-1', 'context', 'daily huddles']);
    expect(resolve(doc, body.from)).toEqual({ text: 'Our ward rounds start with goals.', index: 4 });
    expect(resolve(doc, body.to)).toEqual({ text: 'Our ward rounds start with goals.', index: 15 });
    expect(screen.getByRole('status').textContent).toBe('Suggestion sent: replace “ward rounds” with “daily huddles”.');
    // The form closed; focus is back on the button that opened it.
    expect(screen.queryByRole('textbox', { name: 'Words to change' })).toBeNull();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Suggest a change to Context'));
  });

  it('finds typed words: asks for more when they appear twice, then sends removing them (empty replacement)', async () => {
    const { doc, send } = setUp();
    open();
    await waitFor(() => expect(document.activeElement).toBe(field('Words to change')));
    fireEvent.change(field('Words to change'), { target: { value: 'ward' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send suggestion' }));
    });
    expect(send).not.toHaveBeenCalled();
    expect(field('Words to change').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/These words appear 2 times in this section/)).toBeTruthy();

    fireEvent.change(field('Words to change'), { target: { value: 'on the ward' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send suggestion' }));
    });
    const body = send.mock.calls[0]![2];
    expect(body.text).toBe('');
    expect(resolve(doc, body.from)).toEqual({ text: 'Goals are set on the ward.', index: 14 });
    expect(screen.getByRole('status').textContent).toBe('Suggestion sent: remove “on the ward”.');
  });

  it('says words not in the text are not found, and shows the server’s refusal as an alert', async () => {
    const { send } = setUp();
    open();
    fireEvent.change(field('Words to change'), { target: { value: 'not there' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send suggestion' }));
    });
    expect(screen.getByText(/exactly as they appear in one paragraph of this section/)).toBeTruthy();
    expect(send).not.toHaveBeenCalled();

    send.mockRejectedValueOnce(
      new ApiError(
        409,
        'conflict',
        'Those words already have a suggestion waiting. It must be accepted or rejected first.',
      ),
    );
    fireEvent.change(field('Words to change'), { target: { value: 'rounds' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send suggestion' }));
    });
    expect(screen.getByRole('alert').textContent).toContain('Those words already have a suggestion waiting');
    // Still open, the words kept, for another try.
    expect(field('Words to change').value).toBe('rounds');
  });

  it('Escape cancels without sending', async () => {
    const { send } = setUp();
    open();
    fireEvent.keyDown(field('Words to change'), { key: 'Escape' });
    expect(screen.queryByRole('textbox', { name: 'Words to change' })).toBeNull();
    expect(send).not.toHaveBeenCalled();
  });
});
