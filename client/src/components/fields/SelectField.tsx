import type { ReactNode } from 'react';
import { FieldShell } from './FieldShell.tsx';

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
  return (
    <FieldShell
      id={id}
      label={label}
      labelClassName={`nhsuk-label${hideLabel ? ' nhsuk-u-visually-hidden' : ''}`}
      hint={hint}
      error={error}
      groupClassName={compact ? 'jointly-form-group--compact' : undefined}
    >
      {({ describedBy, invalid }) => (
        <select
          className={`nhsuk-select${error ? ' nhsuk-select--error' : ''}`}
          id={id}
          name={id}
          value={value}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
