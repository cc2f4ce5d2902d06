import { SUGGESTED_TEXT_MAX_CHARS } from '@jointly/shared';
import type { Editor } from '@tiptap/core';
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { suggestChange } from '../../api/viewerSuggestionsApi.ts';
import { anchorOfRange } from '../../editor/commentAnchorRanges.ts';
import { findSectionWords, inOneRun } from '../../editor/findSectionWords.ts';
import { TextField } from '../fields/TextField.tsx';
import { ProblemMessage, problemText } from '../layout/ProblemMessage.tsx';

type ViewerSuggestFormProps = {
  entryId: string;
  section: { id: string; title: string };
  /** The section's read-only editor (null until it exists). */
  editor: Editor | null;
  /** Sends the suggestion (the server writes it, C-SUGGEST-5); a test may pass its own. */
  send?: typeof suggestChange;
};

/** The words chosen and where they are, as the editor's positions (kept while the form is open). */
type Chosen = { words: string; from: number; to: number };

/**
 * A viewer's way to suggest (issue 14 item 3) when a lead allows it: their
 * text is read-only, so "Suggest a change" opens a small form whose "Words to
 * change" holds the words selected in the text (or typed, found in the
 * section), and "Replace with" the new words (empty: suggest removing them).
 * The server writes the suggestion, which then reaches everyone through the
 * document like any other. Keyboard only works throughout; Escape cancels.
 */
export function ViewerSuggestForm({ entryId, section, editor, send = suggestChange }: ViewerSuggestFormProps) {
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [words, setWords] = useState('');
  const [text, setText] = useState('');
  const [wordsError, setWordsError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const firstField = useRef<string | null>(null);
  const ids = { words: `suggest-words-${section.id}`, text: `suggest-text-${section.id}` };

  useEffect(() => {
    if (firstField.current === null) return;
    document.getElementById(firstField.current)?.focus();
    firstField.current = null;
  });

  const start = () => {
    setProblem(null);
    setWordsError(undefined);
    setText('');
    setAnnouncement('');
    const selection = editor && !editor.isDestroyed ? editor.state.selection : null;
    if (selection && !selection.empty && inOneRun(editor!.state.doc, selection.from, selection.to)) {
      const selected = editor!.state.doc.textBetween(selection.from, selection.to);
      setChosen({ words: selected, from: selection.from, to: selection.to });
      setWords(selected);
      firstField.current = ids.text;
    } else {
      setChosen(null);
      setWords('');
      firstField.current = ids.words;
    }
    setOpen(true);
  };

  const close = () => {
    setOpen(false);
    setTimeout(() => button.current?.focus());
  };

  /** The range to change: the selection the form opened with, or the typed words found once in the section. */
  const rangeFor = (): { from: number; to: number } | string => {
    if (!editor || editor.isDestroyed) return 'The text is not loaded yet. Try again in a moment.';
    if (chosen && chosen.words === words) return chosen;
    if (words.trim() === '') return 'Enter the words to change, or select them in the text first';
    const found = findSectionWords(editor.state.doc, words);
    if (found.kind === 'none') return 'Enter words exactly as they appear in one paragraph of this section';
    if (found.kind === 'many') {
      return `These words appear ${found.count} times in this section. Add a word or two either side so they appear once`;
    }
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const range = rangeFor();
    if (typeof range === 'string') {
      setWordsError(range);
      firstField.current = ids.words;
      return;
    }
    const anchor = editor ? anchorOfRange(editor.state, range.from, range.to) : null;
    if (!anchor) {
      setWordsError('Select the words to change again');
      firstField.current = ids.words;
      return;
    }
    setWordsError(undefined);
    setSending(true);
    try {
      await send(entryId, section.id, { from: anchor.start, to: anchor.end, text });
      setAnnouncement(
        text === ''
          ? `Suggestion sent: remove “${words.trim()}”.`
          : `Suggestion sent: replace “${words.trim()}” with “${text}”.`,
      );
      close();
    } catch (error) {
      setProblem(problemText(error));
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close();
  };

  return (
    <div className="jointly-viewer-suggest">
      {open ? (
        <form
          className="jointly-viewer-suggest__form"
          aria-labelledby={`suggest-heading-${section.id}`}
          onSubmit={(event) => void submit(event)}
          onKeyDown={onKeyDown}
          noValidate
        >
          <h3 className="nhsuk-heading-xs" id={`suggest-heading-${section.id}`}>
            Suggest a change to {section.title}
          </h3>
          {problem ? <ProblemMessage title="The suggestion could not be sent">{problem}</ProblemMessage> : null}
          <TextField
            id={ids.words}
            label="Words to change"
            hint="Select them in the text before opening this form, or type them exactly as they appear in one paragraph."
            value={words}
            onChange={setWords}
            error={wordsError}
            autoComplete="off"
          />
          <TextField
            id={ids.text}
            label="Replace with"
            hint="Leave empty to suggest removing the words."
            value={text}
            onChange={setText}
            maxLength={SUGGESTED_TEXT_MAX_CHARS}
            autoComplete="off"
          />
          <div className="nhsuk-button-group">
            <button type="submit" className="nhsuk-button" disabled={sending}>
              Send suggestion
            </button>
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          ref={button}
          type="button"
          className="nhsuk-button nhsuk-button--secondary jointly-viewer-suggest__open"
          onClick={start}
        >
          Suggest a change<span className="nhsuk-u-visually-hidden"> to {section.title}</span>
        </button>
      )}
      <p className="nhsuk-u-visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  );
}
