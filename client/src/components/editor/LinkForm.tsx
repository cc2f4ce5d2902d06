import { isSafeLinkUrl, normaliseLinkInput } from '@jointly/shared';
import type { Editor } from '@tiptap/core';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';

type LinkFormProps = {
  editor: Editor;
  onClose: () => void;
};

const INVALID_LINK =
  'Enter a web address that starts with https:// or http://, or an email address, for example https://www.england.nhs.uk';

/**
 * Adds, changes or removes the link on the selected text. Inline under the
 * toolbar rather than a dialog, so it never traps focus; Escape cancels.
 */
export function LinkForm({ editor, onClose }: LinkFormProps) {
  const inputId = useId();
  const errorId = `${inputId}-error`;
  const existing = editor.getAttributes('link').href as string | undefined;
  const [value, setValue] = useState(existing ?? '');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
  }, []);

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const href = normaliseLinkInput(value);
    if (!isSafeLinkUrl(href)) {
      setError(INVALID_LINK);
      input.current?.focus();
      return;
    }
    const { empty } = editor.state.selection;
    if (empty && !editor.isActive('link')) {
      // Nothing selected: insert the address itself as linked text.
      editor
        .chain()
        .focus()
        .insertContent({ type: 'text', text: value.trim(), marks: [{ type: 'link', attrs: { href } }] })
        .run();
    } else {
      editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
    }
    onClose();
  };

  const removeLink = () => {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    onClose();
  };

  return (
    <form
      className="jointly-link-form"
      noValidate
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          close();
        }
      }}
    >
      <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label" htmlFor={inputId}>
          Link address
        </label>
        {error ? (
          <span className="nhsuk-error-message" id={errorId}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        ) : null}
        <input
          ref={input}
          className={`nhsuk-input${error ? ' nhsuk-input--error' : ''}`}
          id={inputId}
          type="text"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-describedby={error ? errorId : undefined}
          aria-invalid={error ? true : undefined}
        />
      </div>
      <div className="jointly-button-row">
        <button type="submit" className="nhsuk-button nhsuk-button--small">
          {existing ? 'Update link' : 'Add link'}
        </button>
        {existing ? (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
            onClick={removeLink}
          >
            Remove link
          </button>
        ) : null}
        <button type="button" className="nhsuk-button nhsuk-button--small nhsuk-button--secondary" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
