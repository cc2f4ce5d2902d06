import type { ReactNode } from 'react';

type SelectFieldProps = {
  id: string;
  label: ReactNode;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | undefined;
  disabled?: boolean;
  /** Visually hide the label where the context already shows it (it stays the accessible name). */
  hideLabel?: boolean;
  compact?: boolean;
};

/** An NHS.UK select with label, hint and error. */
export function SelectField({
  id,
  label,
  value,
  options,
  onChange,
  hint,
  error,
  disabled,
  hideLabel,
  compact,
}: SelectFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div
      className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}${compact ? ' jointly-form-group--compact' : ''}`}
    >
      <label className={`nhsuk-label${hideLabel ? ' nhsuk-u-visually-hidden' : ''}`} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={errorId}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <select
        className={`nhsuk-select${error ? ' nhsuk-select--error' : ''}`}
        id={id}
        name={id}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
