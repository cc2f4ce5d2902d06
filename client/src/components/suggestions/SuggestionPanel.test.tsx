import { readSuggestions, type SuggestionDto } from '@jointly/shared';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { TextSelection } from '@tiptap/pm/state';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { destroyTestEditors, openTestEditor } from '../../editor/testing/testEditor.ts';
import { SuggestionPanel } from './SuggestionPanel.tsx';

const SECTION = 'context';
const ME = {
  id: 'u-supplier',
  name: 'Sam Supplier',
  organisationId: 'o-sup',
  organisationName: 'MedTech Ltd',
  color: '#000',
};

/** The HTTP answer of GET /api/entries/:id/suggestions, as the server would give it for `doc`. */
function answerFromServer(doc: Y.Doc, authorOf: (id: string) => SuggestionDto['author']) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async () => {
    const suggestions = readSuggestions(doc, [SECTION]).map((s) => ({ ...s, author: authorOf(s.id), createdAt: 1 }));
    return new Response(JSON.stringify({ suggestions }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
}

function setUp(entryId: string) {
  const { doc, fragment, editor } = openTestEditor({ sectionId: SECTION, user: ME });
  editor.commands.setContent('<p>Our ward cut waits.</p>');
  editor.commands.setSuggesting(true);
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, 14)));
  editor.commands.insertContent('nearly ');
  const [suggestion] = readSuggestions(doc, [SECTION]);
  answerFromServer(doc, () => ({
    userId: ME.id,
    name: ME.name,
    organisation: { id: ME.organisationId, name: ME.organisationName },
  }));
  const show = (userId: string, isLead: boolean) =>
    render(
      <SuggestionPanel
        editor={editor}
        entryId={entryId}
        sectionId={SECTION}
        sectionTitle="Context"
        fragment={fragment}
        userId={userId}
        isLead={isLead}
        editable
      />,
    );
  return { doc, editor, suggestion: suggestion!, show };
}

beforeEach(() => {
  vi.restoreAllMocks();
});
afterEach(() => {
  cleanup();
  destroyTestEditors();
});

describe('SuggestionPanel (issue 14 item 3)', () => {
  it('names the author the server recorded; a lead accepts by keyboard and the text counts', async () => {
    const { doc, editor, show } = setUp('entry-lead');
    show('u-lead', true);
    expect(await screen.findByText('Sam Supplier (MedTech Ltd)')).toBeTruthy();
    expect(screen.getByText(/suggests to add/)).toBeTruthy();
    const accept = screen.getByRole('button', {
      name: /^Accept: Sam Supplier \(MedTech Ltd\) suggests to add “nearly”/,
    });
    expect(screen.getByRole('button', { name: 'Accept all from Sam Supplier' })).toBeTruthy();
    // A native button: Enter or Space activates it as a click.
    accept.focus();
    await act(async () => {
      fireEvent.click(accept);
    });
    expect(readSuggestions(doc, [SECTION])).toEqual([]);
    expect(editor.getText()).toBe('Our ward cut nearly waits.');
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Accepted: Sam Supplier'));
  });

  it('offers a contributor only Withdraw, and only for their own suggestion', async () => {
    const own = setUp('entry-own');
    own.show(ME.id, false);
    expect(await screen.findByRole('button', { name: /^Withdraw: / })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Accept/ })).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /^Withdraw: / }));
    });
    expect(own.editor.getText()).toBe('Our ward cut waits.');
    cleanup();

    const other = setUp('entry-other');
    other.show('u-someone-else', false);
    await screen.findByText('Sam Supplier (MedTech Ltd)');
    expect(screen.queryByRole('button', { name: /Withdraw|Reject|Accept/ })).toBeNull();
  });
});
