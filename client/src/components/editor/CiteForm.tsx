import type { Editor } from '@tiptap/core';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';

export type CiteOption = { itemId: string; text: string };

type CiteFormProps = {
  editor: Editor;
  /** The items that can be cited, labelled as the person will see them ("E3: Readmissions"). */
  options: CiteOption[];
  onClose: () => void;
};

/** Chooses an item to cite at the cursor ("see E3"). Inline under the toolbar, like the link form; Escape cancels. */
export function CiteForm({ editor, options, onClose }: CiteFormProps) {
  const selectId = useId();
  const errorId = `${selectId}-error`;
  const [value, setValue] = useState(options[0]?.itemId ?? '');
  const [error, setError] = useState<string | null>(null);
  const select = useRef<HTMLSelectElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    (select.current ?? cancelButton.current)?.focus();
  }, []);

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!options.some((option) => option.itemId === value)) {
      setError('Select the exhibit to cite');
      select.current?.focus();
      return;
    }
    editor.chain().focus().insertCitation(value).run();
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
      {options.length === 0 ? (
        <p className="nhsuk-body-s">
          There is nothing to cite yet. Add a testimonial or evidence under “Testimonials and evidence” first.
        </p>
      ) : (
        <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
          <label className="nhsuk-label" htmlFor={selectId}>
            Exhibit to cite
          </label>
          {error ? (
            <span className="nhsuk-error-message" id={errorId}>
              <span className="nhsuk-u-visually-hidden">Error:</span> {error}
            </span>
          ) : null}
          <select
            ref={select}
            className={`nhsuk-select${error ? ' nhsuk-select--error' : ''}`}
            id={selectId}
            value={value}
            onChange={(event) => setValue(event.target.value)}
            aria-describedby={error ? errorId : undefined}
          >
            {options.map((option) => (
              <option key={option.itemId} value={option.itemId}>
                {option.text}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="jointly-button-row">
        {options.length > 0 ? (
          <button type="submit" className="nhsuk-button nhsuk-button--small">
            Insert citation
          </button>
        ) : null}
        <button
          ref={cancelButton}
          type="button"
          className="nhsuk-button nhsuk-button--small nhsuk-button--secondary"
          onClick={close}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
