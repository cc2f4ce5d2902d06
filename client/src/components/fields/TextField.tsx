import type { InputHTMLAttributes, ReactNode } from 'react';
import { FieldShell } from './FieldShell.tsx';

type TextFieldProps = {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | undefined;
  /** Label styling: the page's only question can be its heading-sized label. */
  labelSize?: 's' | 'm' | 'l';
  width?: 'full' | 10 | 20 | 30;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'width'>;

/** An NHS.UK text input with its label, hint and error message wired up by id for assistive technology. */
export function TextField({
  id,
  label,
  value,
  onChange,
  hint,
  error,
  labelSize,
  width = 'full',
  ...input
}: TextFieldProps) {
  const widthClass = width === 'full' ? '' : ` nhsuk-input--width-${width}`;
  return (
    <FieldShell
      id={id}
      label={label}
      labelClassName={`nhsuk-label${labelSize ? ` nhsuk-label--${labelSize}` : ''}`}
      hint={hint}
      error={error}
    >
      {({ describedBy, invalid }) => (
        <input
          {...input}
          className={`nhsuk-input${widthClass}${error ? ' nhsuk-input--error' : ''}`}
          id={id}
          name={input.name ?? id}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid}
        />
      )}
    </FieldShell>
  );
}
