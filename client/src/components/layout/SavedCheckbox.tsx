import { type ReactNode, useState } from 'react';
import { InlineError } from './InlineError.tsx';
import { problemText } from './ProblemMessage.tsx';

type SavedCheckboxProps = {
  /** The input's id; its hint is `${id}-hint`. */
  id: string;
  label: string;
  hint: ReactNode;
  /** The setting as last read from the server. */
  value: boolean;
  disabled?: boolean;
  /** Stores the new value and answers what the server kept. */
  save: (next: boolean) => Promise<boolean>;
  /** What the live region says once `saved` is stored. */
  said: (saved: boolean) => string;
  /** After a change is stored (e.g. to read the entry again). */
  onChanged: () => void;
};

/**
 * A setting saved as soon as it is ticked or unticked (an entry's lead
 * settings): the outcome is said in a live region, a refusal beside it, and
 * the box goes back to what is stored. When the value read from the server
 * changes (another lead changed it) the box shows that.
 */
export function SavedCheckbox({ id, label, hint, value, disabled = false, save, said, onChanged }: SavedCheckboxProps) {
  const [checked, setChecked] = useState(value);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [lastRead, setLastRead] = useState(value);
  if (lastRead !== value) {
    setLastRead(value);
    setChecked(value);
  }

  const change = async (next: boolean) => {
    setChecked(next);
    setSaving(true);
    setProblem(null);
    setStatus('');
    try {
      const saved = await save(next);
      setChecked(saved);
      setStatus(said(saved));
      onChanged();
    } catch (error) {
      setChecked(!next);
      setProblem(`The setting could not be saved: ${problemText(error)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="nhsuk-form-group jointly-entry-setting">
      <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id={id}
            type="checkbox"
            checked={checked}
            disabled={disabled || saving}
            aria-describedby={`${id}-hint`}
            onChange={(event) => void change(event.target.checked)}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
          <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-hint`}>
            {hint}
          </div>
        </div>
      </div>
      {problem ? <InlineError>{problem}</InlineError> : null}
      <p className="nhsuk-u-visually-hidden" role="status">
        {status}
      </p>
    </div>
  );
}
